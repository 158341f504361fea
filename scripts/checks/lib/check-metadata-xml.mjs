// Checks one source-format -meta.xml against the Metadata API schema: well-formed XML, a known root
// type, no unknown elements, enum values in their enum, booleans and numbers that parse, required
// scalars present. Element order is not checked (the WSDL order is not in the d.ts).
import { XMLParser, XMLValidator } from 'fast-xml-parser';

const METADATA_NS = 'http://soap.sforce.com/2006/04/metadata';
/** Fields the WSDL types as xsd:anyType (the d.ts says string) but that hold elements. */
const FREE_FORM_FIELDS = new Set(['LightningComponentBundle.targetConfigs']);
const META = XMLParser.getMetaDataSymbol();
const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  captureMetaData: true,
  parseTagValue: false,
  trimValues: true,
  commentPropName: '#comment'
});

const lineAt = (xml, index) => (index === undefined ? '?' : xml.slice(0, index).split('\n').length);
const nameOf = (node) => Object.keys(node).find((k) => k !== ':@' && k !== '#comment');
const textOf = (children) => children.map((c) => c['#text'] ?? '').join('');
const elementChildren = (children) => children.filter((c) => nameOf(c) && nameOf(c) !== '#text');

/**
 * @param {string} xml the file's text
 * @param {{ get(name: string): any }} schema from loadMetadataSchema()
 * @returns {string[]} problems as `line: message`
 */
export function checkMetadataXml(xml, schema) {
  const valid = XMLValidator.validate(xml);
  if (valid !== true) return [`${valid.err.line}:${valid.err.col} not well-formed: ${valid.err.msg}`];
  const problems = [];
  const roots = parser.parse(xml).filter((n) => nameOf(n) && !nameOf(n).startsWith('?'));
  if (roots.length !== 1) return ['1: expected exactly one root element'];
  const root = roots[0];
  const rootName = nameOf(root);
  if (root[':@']?.['@_xmlns'] !== METADATA_NS)
    problems.push(`${lineAt(xml, root[META]?.startIndex)}: <${rootName}> must declare xmlns="${METADATA_NS}"`);
  const rootType = schema.get(rootName);
  if (rootType?.kind !== 'object') return [...problems, `1: <${rootName}> is not a Metadata API type`];

  function checkObject(type, children, path, startIndex) {
    const present = new Set();
    for (const child of elementChildren(children)) {
      const name = nameOf(child);
      const line = lineAt(xml, child[META]?.startIndex);
      const field = type.fields.get(name);
      present.add(name);
      if (!field) {
        problems.push(`${line}: <${name}> is not a field of ${type.name} (at ${path})`);
        continue;
      }
      checkValue(field.type, child[name], `${path}/${name}`, line, `${type.name}.${name}`);
    }
    for (const [name, field] of type.fields) {
      if (!field.optional && !field.array && !present.has(name)) {
        problems.push(`${lineAt(xml, startIndex)}: ${path} is missing required <${name}> (${type.name})`);
      }
    }
  }

  function checkValue(typeName, children, path, line, fieldKey) {
    const type = schema.get(typeName);
    const nested = elementChildren(children);
    if (!type) return; // the d.ts names a type it does not define: nothing to check against
    if (type.kind === 'object') {
      if (nested.length === 0 && textOf(children).trim() !== '') {
        problems.push(`${line}: ${path} must hold elements of ${type.name}, not text`);
      } else checkObject(type, children, path, undefined);
      return;
    }
    if (nested.length > 0) {
      if (!FREE_FORM_FIELDS.has(fieldKey)) problems.push(`${line}: ${path} must be a ${type.name} value, not elements`);
      return;
    }
    const text = textOf(children).trim();
    if (type.kind === 'enum' && !type.values.includes(text)) {
      const shown = type.values.length > 12 ? `${type.values.slice(0, 12).join(',')},...` : type.values.join(',');
      problems.push(`${line}: ${path} '${text}' not in ${type.name} {${shown}}`);
    } else if (type.name === 'boolean' && text !== 'true' && text !== 'false') {
      problems.push(`${line}: ${path} '${text}' is not boolean`);
    } else if (type.name === 'number' && (text === '' || Number.isNaN(Number(text)))) {
      problems.push(`${line}: ${path} '${text}' is not a number`);
    }
  }

  checkObject(rootType, root[rootName], rootName, root[META]?.startIndex);
  return problems;
}
