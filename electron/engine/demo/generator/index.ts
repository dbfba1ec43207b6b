// Deterministic demo data for the Open-demo workspace: Xendit invoices, transactions and refunds,
// Systeme.io contacts and tags in their wire formats, calibrated to the seed's numbers, with
// realistic mess and an answer key of what is true. See dataset.ts and stream.ts for the entry
// points, csv-export.ts for the legacy CSV formats.
export { generateDataset, type DemoDataset } from './dataset.ts';
export { streamRecords, type GeneratorOptions, type StreamedRecord } from './stream.ts';
export { computeControlTotals, type AnswerKey, type ControlTotal } from './answer-key.ts';
export {
  csvField,
  csvLine,
  formatCsvDate,
  SYSTEME_CONTACT_CSV_COLUMNS,
  systemeContactCsvLines,
  toCsvText,
  writeCsvLines,
  writeSystemeContactsCsv,
  writeXenditInvoicesCsv,
  XENDIT_INVOICE_CSV_COLUMNS,
  xenditInvoiceCsvLines,
  type CsvDateFormat,
  type CsvSink,
} from './csv-export.ts';
export {
  CANVA_PRICE,
  DESCRIPTIONS,
  INVOICE_MIX,
  P2P_PRICE_CHANGE,
  p2pPrice,
  productGroup,
  TEST_DESCRIPTIONS,
  UNKNOWN_DESCRIPTIONS,
  type ProductGroup,
  type ProductKey,
} from './catalog.ts';
export { TAG, type TagName } from './tags.ts';
export { AS_OF, manilaMonth } from './time.ts';
export type { RefundTruth, ChargebackTruth } from './ledger.ts';
