// Reads the Metadata API types that @salesforce/types generates from the Metadata WSDL
// (lib/metadata.d.ts) into a plain schema: object types with their fields, enums, primitives.
// The TypeScript 5.9 compiler API parses the d.ts (TypeScript 7 has no JS API).
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import ts from 'typescript';

const require = createRequire(import.meta.url);

/**
 * @typedef {{ kind: 'primitive', name: 'string'|'number'|'boolean' }
 *   | { kind: 'enum', name: string, values: string[] }
 *   | { kind: 'object', name: string, fields: Map<string, { type: string, array: boolean, optional: boolean }> }} SchemaType
 */

/** Loads and indexes every `export type` of metadata.d.ts. */
export function loadMetadataSchema() {
  const dts = join(dirname(require.resolve('@salesforce/types/metadata')), 'metadata.d.ts');
  const source = ts.createSourceFile(dts, readFileSync(dts, 'utf8'), ts.ScriptTarget.Latest, false);
  /** @type {Map<string, ts.TypeNode>} */
  const aliases = new Map();
  for (const statement of source.statements) {
    if (ts.isTypeAliasDeclaration(statement)) aliases.set(statement.name.text, statement.type);
  }
  /** @type {Map<string, SchemaType>} */
  const resolved = new Map();

  const keyword = (node) =>
    ({
      [ts.SyntaxKind.StringKeyword]: 'string',
      [ts.SyntaxKind.NumberKeyword]: 'number',
      [ts.SyntaxKind.BooleanKeyword]: 'boolean'
    })[node.kind];

  /** Field type of a property: a primitive name or a type alias name, and whether it is a list. */
  function describeProperty(node) {
    const array = ts.isArrayTypeNode(node);
    const element = array ? node.elementType : node;
    const type = keyword(element) ?? (ts.isTypeReferenceNode(element) ? element.typeName.getText(source) : 'string');
    return { type, array };
  }

  function collectFields(node, fields) {
    if (ts.isIntersectionTypeNode(node)) node.types.forEach((part) => collectFields(part, fields));
    else if (ts.isTypeReferenceNode(node)) collectFields(aliases.get(node.typeName.getText(source)), fields);
    else if (ts.isTypeLiteralNode(node)) {
      for (const member of node.members) {
        if (!ts.isPropertySignature(member) || !member.type) continue;
        fields.set(member.name.getText(source), { ...describeProperty(member.type), optional: !!member.questionToken });
      }
    }
  }

  /** @returns {SchemaType | undefined} */
  function get(name) {
    if (['string', 'number', 'boolean'].includes(name)) return { kind: 'primitive', name };
    if (resolved.has(name)) return resolved.get(name);
    const node = aliases.get(name);
    if (!node) return undefined;
    let result;
    if (keyword(node)) result = { kind: 'primitive', name: keyword(node) };
    else if (ts.isUnionTypeNode(node) && node.types.every((t) => ts.isLiteralTypeNode(t))) {
      result = { kind: 'enum', name, values: node.types.map((t) => t.literal.text) };
    } else if (ts.isLiteralTypeNode(node)) result = { kind: 'enum', name, values: [node.literal.text] };
    else {
      const fields = new Map();
      collectFields(node, fields);
      result = { kind: 'object', name, fields };
    }
    resolved.set(name, result);
    return result;
  }

  return { get };
}
