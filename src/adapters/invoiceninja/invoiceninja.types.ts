// The slices of InvoiceNinja's client and invoice entities this product reads.
export interface InClient {
  id: string;
  name: string;
  is_deleted?: boolean;
  archived_at?: number;
  contacts?: { email?: string }[];
}

export interface InInvoice {
  id: string;
  client_id: string;
  number: string;
  po_number: string;
  status_id: string;
  amount: number;
  is_deleted?: boolean;
  archived_at?: number;
}

export const INVOICE_STATUS: Record<string, string> = {
  '1': 'draft',
  '2': 'sent',
  '3': 'partially paid',
  '4': 'paid',
  '5': 'cancelled',
  '6': 'reversed',
};
