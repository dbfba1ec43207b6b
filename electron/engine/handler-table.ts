// The type every feature's handler table satisfies: one function per procedure it owns.
import type { ParsedInput, Output, ProcedureName } from '../../shared/api/index.ts';
import type { EngineContext } from './context.ts';

export type Handler<N extends ProcedureName> = (input: ParsedInput<N>, ctx: EngineContext) => Promise<Output<N>> | Output<N>;
export type HandlerTable<Names extends ProcedureName> = { [N in Names]: Handler<N> };
