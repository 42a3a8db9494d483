// A minimal XML writer for the responses of the query protocols. Element
// trees are plain data so services can describe a response without strings.

export interface XmlElement {
  readonly name: string;
  readonly children: readonly XmlNode[];
  readonly attributes?: Readonly<Record<string, string>>;
}

export type XmlNode = XmlElement | string;

/** An element; `undefined` children are dropped so optional fields read naturally. */
export function el(name: string, ...children: readonly (XmlNode | undefined)[]): XmlElement {
  return { name, children: children.filter((c): c is XmlNode => c !== undefined) };
}

/** An element holding one text value; `undefined` drops the element entirely. */
export function leaf(name: string, value: string | number | boolean | undefined): XmlElement | undefined {
  return value === undefined ? undefined : el(name, String(value));
}

export function withAttributes(element: XmlElement, attributes: Record<string, string>): XmlElement {
  return { ...element, attributes };
}

const XML_ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => XML_ESCAPES[c] ?? c);
}

export function renderXml(node: XmlNode): string {
  if (typeof node === 'string') return escapeXml(node);
  const attrs = Object.entries(node.attributes ?? {})
    .map(([k, v]) => ` ${k}="${escapeXml(v)}"`)
    .join('');
  if (node.children.length === 0) return `<${node.name}${attrs}/>`;
  return `<${node.name}${attrs}>${node.children.map(renderXml).join('')}</${node.name}>`;
}

export const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>';

export function renderXmlDocument(root: XmlElement): string {
  return `${XML_DECLARATION}\n${renderXml(root)}`;
}
