-- The real Xendit invoice export carries settlement and expiry times, Xendit's fee, the amount
-- received after it, and the customer's name and mobile number; they are extracted beside the
-- columns both paths already had (the API record has the expiry time, the customer, and the
-- received amount as adjusted_received_amount; it has no settlement time or fee).
ALTER TABLE raw_xendit_invoices ADD COLUMN settled_at TEXT;
ALTER TABLE raw_xendit_invoices ADD COLUMN expires_at TEXT;
ALTER TABLE raw_xendit_invoices ADD COLUMN fee_minor INTEGER;
ALTER TABLE raw_xendit_invoices ADD COLUMN received_minor INTEGER;
ALTER TABLE raw_xendit_invoices ADD COLUMN customer_name TEXT;
ALTER TABLE raw_xendit_invoices ADD COLUMN customer_mobile TEXT;

-- API records already cached: the same values invoiceStream.extract gives (ISO UTC timestamps,
-- centavos, the customer's given names and surname joined by a space). CSV rows imported before
-- this version came from exports without these columns.
UPDATE raw_xendit_invoices SET
  expires_at = strftime('%Y-%m-%dT%H:%M:%fZ', json_extract(raw, '$.expiry_date')),
  received_minor = CAST(round(json_extract(raw, '$.adjusted_received_amount') * 100) AS INTEGER),
  customer_name = nullif(trim(coalesce(json_extract(raw, '$.customer.given_names'), '') || ' ' || coalesce(json_extract(raw, '$.customer.surname'), '')), ''),
  customer_mobile = json_extract(raw, '$.customer.mobile_number')
WHERE origin = 'api';
