// Metadata API XML files, indented as the sf CLI writes them, every value escaped.

/** The namespace of every Metadata API file. */
const METADATA_NAMESPACE = 'http://soap.sforce.com/2006/04/metadata';

/** A value of an element: text, a number or boolean, a nested element, or a list (repeated elements). */
export type XmlValue = string | number | boolean | XmlElement | readonly XmlValue[];

/** An element's children, in order; undefined children are left out. */
export interface XmlElement {
  readonly [name: string]: XmlValue | undefined;
}

/** Escapes text for an element or a double-quoted attribute. */
function escapeXml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

function render(name: string, value: XmlValue | undefined, indent: string, out: string[]): void {
  if (value === undefined) return;
  if (Array.isArray(value)) {
    for (const item of value as readonly XmlValue[]) render(name, item, indent, out);
    return;
  }
  if (typeof value !== 'object') {
    out.push(`${indent}<${name}>${escapeXml(String(value))}</${name}>`);
    return;
  }
  out.push(`${indent}<${name}>`);
  for (const [child, item] of Object.entries(value as XmlElement)) render(child, item, `${indent}    `, out);
  out.push(`${indent}</${name}>`);
}

/**
 * A metadata file: the XML declaration and `<root xmlns="...metadata">` with the children in order.
 *
 * @example
 * metadataXml('Package', { types: [{ members: ['Account.X__c'], name: 'CustomField' }], version: '62.0' });
 */
export function metadataXml(root: string, element: XmlElement): string {
  const out = ['<?xml version="1.0" encoding="UTF-8"?>', `<${root} xmlns="${METADATA_NAMESPACE}">`];
  for (const [child, item] of Object.entries(element)) render(child, item, '    ', out);
  out.push(`</${root}>`, '');
  return out.join('\n');
}
