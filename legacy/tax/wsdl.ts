import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { StandInResponse } from '../kit/standIn';

const WSDL_FILE = path.join(__dirname, 'tax.wsdl');
const CHECKED_IN_ADDRESS = 'http://127.0.0.1:5002/tax';

/** The checked-in tax.wsdl, with soap:address pointing at where it was fetched from. */
export function wsdlResponse(endpoint: URL): StandInResponse {
  const wsdl = readFileSync(WSDL_FILE, 'utf8');
  const location = escapeXmlAttribute(`${endpoint.origin}${endpoint.pathname}`);
  return {
    status: 200,
    headers: { 'content-type': 'text/xml; charset=utf-8' },
    body: wsdl.replace(`location="${CHECKED_IN_ADDRESS}"`, `location="${location}"`),
  };
}

function escapeXmlAttribute(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
