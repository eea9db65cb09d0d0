// The field names of the import mapping form, shared by the page that renders it and the code that
// reads it. Kept apart so the page's browser bundle loads nothing else of the import.
export function columnFieldName(index: number): string {
  return `column_${index}`;
}

export function attributeFieldName(index: number): string {
  return `attribute_${index}`;
}
