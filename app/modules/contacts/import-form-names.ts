// The field names of the import mapping form, shared by the page that renders it and the server
// code that reads it.
export function columnFieldName(index: number): string {
  return `column_${index}`;
}

export function attributeFieldName(index: number): string {
  return `attribute_${index}`;
}
