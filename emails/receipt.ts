import { renderEmail } from "./layout";

export function receipt({ workspaceName, amount, planName, period, invoiceNumber, invoiceUrl, receiptUrl }: {
  workspaceName: string;
  amount: string;
  planName: string;
  period: string | null;
  invoiceNumber: string;
  invoiceUrl: string;
  receiptUrl: string;
}) {
  return renderEmail({
    subject: `Receipt for ${amount}: ${planName}, ${workspaceName}`,
    paragraphs: [
      `We received your payment of ${amount} for ${planName} (workspace "${workspaceName}"). Thank you.`,
      period ? `Invoice ${invoiceNumber} covers ${period}.` : `Invoice ${invoiceNumber}.`,
      `The invoice: ${invoiceUrl}`,
    ],
    action: { label: "Download the receipt", url: receiptUrl },
  });
}
