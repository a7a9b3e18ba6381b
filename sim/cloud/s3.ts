/**
 * The fake S3 behind presigned upload URLs: checks the signature, refuses a Content-Type the
 * URL was not signed for (as real S3 does: SignatureDoesNotMatch), stores the bytes.
 */
import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import type { CloudData } from './cloud-data.ts';

const PREFIX = '/s3/or-cloud-upload-prod/';

export function handleS3Put(
  data: CloudData,
  url: URL,
  headers: IncomingHttpHeaders,
  body: Buffer,
  res: ServerResponse,
  log: (line: string) => void,
): void {
  const key = decodeURIComponent(url.pathname.slice(PREFIX.length));
  const signed =
    url.pathname.startsWith(PREFIX) &&
    data.checkSignature(key, url.searchParams.get('X-Amz-Signature'));
  if (!signed || headers['content-type'] !== undefined) {
    res.writeHead(403, { 'content-type': 'application/xml' });
    res.end(
      '<?xml version="1.0" encoding="UTF-8"?><Error><Code>SignatureDoesNotMatch</Code>' +
        '<Message>The request signature we calculated does not match the signature you provided.</Message></Error>',
    );
    return;
  }
  data.uploads.set(key, body);
  log(`s3: stored ${key} (${body.length} bytes)`);
  res.writeHead(200, { 'content-length': 0 });
  res.end();
}
