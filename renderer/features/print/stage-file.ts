import { UPLOAD_PATH } from '../../../shared/contract/print-contract.ts';
import type { StagedFile } from '../../../shared/contract/print-schemas.ts';
import { fail, type Result } from '../../../shared/contract/result.ts';
import { request } from '../../bridge/farm-client.ts';

/**
 * Hands a dropped file to the engine. In Electron the preload gives the file's path and the engine
 * reads it there; in a browser the bytes stream to the host over HTTP (`onProgress` 0-100).
 */
export function stageFile(
  file: File,
  onProgress: (percent: number) => void,
): Promise<Result<StagedFile>> {
  const path = window.farmFiles?.pathFor(file);
  if (window.farm) {
    if (!path) {
      return Promise.resolve(
        fail(
          'invalid-input',
          `${file.name} has no path on this computer: save it to a folder first, then drop it`,
        ),
      );
    }
    return request('print:stage-path', path);
  }
  return uploadToHost(file, onProgress);
}

function uploadToHost(
  file: File,
  onProgress: (percent: number) => void,
): Promise<Result<StagedFile>> {
  const token = new URLSearchParams(window.location.search).get('token');
  const url =
    `${UPLOAD_PATH}?name=${encodeURIComponent(file.name)}` +
    (token ? `&token=${encodeURIComponent(token)}` : '');
  return new Promise((resolve) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    xhr.setRequestHeader('Content-Type', 'application/octet-stream');
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable && e.total > 0) onProgress(Math.round((e.loaded / e.total) * 100));
    };
    xhr.onload = () => {
      try {
        resolve(JSON.parse(xhr.responseText) as Result<StagedFile>);
      } catch {
        resolve(
          fail('internal', `Farmdeck answered the upload with HTTP ${xhr.status}: try again`),
        );
      }
    };
    xhr.onerror = () =>
      resolve(
        fail('disconnected', `the upload of ${file.name} to Farmdeck broke off: drop it again`),
      );
    xhr.send(file);
  });
}
