// The upload page: Uppy's Dashboard (drop, paste, browse, previews, progress, cancel, retry) with its AwsS3
// plugin on our endpoints. Small files: a presigned POST form, then POST /actions/process. Large files: S3
// multipart with presigned parts, completed (and so registered) by the api.
import { api, badge, bytes, frame, h, say } from './console.js';

frame('index.html');

const results = document.getElementById('results');
const rows = new Map(); // Uppy file id -> result row

function row(file) {
  let li = rows.get(file.id);
  if (!li) {
    li = h('li', { 'data-file': file.name });
    rows.set(file.id, li);
    results.prepend(li);
  }
  return li;
}

function showRegistered(file, image) {
  row(file).replaceChildren(...[
    badge(image.status),
    h('a', { href: `image.html?id=${image.uuid}` }, file.name),
    h('span', { class: 'muted' }, bytes(file.size)),
    image.failure ? h('code', {}, image.failure.code) : null].filter(Boolean));
}

// a registered image's badge follows it until it is final, as the gallery's do
const UNFINISHED = new Set(['awaiting_upload', 'pending', 'processing']);
const watched = new Map(); // image uuid -> Uppy file
let watching = null;

function watch(file, image) {
  if (!UNFINISHED.has(image.status)) return;
  watched.set(image.uuid, file);
  if (!watching) watching = setTimeout(follow, 1500);
}

async function follow() {
  watching = null;
  await Promise.all([...watched].map(async ([uuid, file]) => {
    try {
      const image = await api(`/api/v1/images/${uuid}`);
      if (!UNFINISHED.has(image.status)) watched.delete(uuid);
      showRegistered(file, image);
    } catch (e) {
      watched.delete(uuid);
    }
  }));
  if (watched.size) watching = setTimeout(follow, 2000);
}

function showRefused(file, error) {
  row(file).replaceChildren(
    badge('failed'),
    h('span', {}, file.name),
    h('span', { class: 'message-error' }, error.message));
}

async function addToCollection(collectionId, imageId) {
  if (!collectionId) return;
  await api(`/api/v1/collections/${collectionId}/relationships/images`, {
    method: 'POST', json: { imageIds: [imageId] },
  });
}

function limitsText(limits) {
  const types = limits.extensions.join(', ');
  return `Formats ${types} (recognised by content, not by name); up to ${bytes(limits.formMaxBytes)} in one piece, `
    + `up to ${bytes(limits.multipartMaxBytes)} in parts (files over ${bytes(limits.multipartThresholdBytes)} `
    + `are sent in parts); at most ${(limits.maxPixels / 1e6).toFixed(0)} megapixels.`;
}

async function loadCollections() {
  const select = document.getElementById('collection');
  try {
    const page = await api('/api/v1/collections?limit=100');
    for (const c of page.data) select.append(h('option', { value: c.uuid }, c.name));
  } catch (e) {
    // the upload works without: the error is already shown if it was the token
  }
}

async function start() {
  let limits;
  try {
    limits = await api('/api/v1/uploads/limits');
  } catch (e) {
    document.getElementById('limits').textContent = `The limits could not be read: ${e.message}`;
    return;
  }
  document.getElementById('limits').textContent = limitsText(limits);
  loadCollections();

  const { Uppy, Dashboard, AwsS3 } = globalThis.Uppy;
  const uppy = new Uppy({
    id: 'darkroom',
    autoProceed: false,
    restrictions: {
      maxFileSize: limits.multipartMaxBytes,
      allowedFileTypes: [...limits.mediaTypes, ...limits.extensions],
    },
  });
  const imageOf = new Map(); // Uppy file id -> image uuid (a form upload, until processed)

  uppy.use(Dashboard, {
    inline: true,
    target: '#uploader',
    height: 380,
    width: '100%',
    proudlyDisplayPoweredByUppy: false,
    showRemoveButtonAfterComplete: false,
    note: limitsText(limits),
    metaFields: [{ id: 'description', name: 'Description', placeholder: 'shown with the image' }],
  });

  const multipart = (file) => file.size > limits.multipartThresholdBytes;
  const withKey = (key) => `key=${encodeURIComponent(key)}`;
  uppy.use(AwsS3, {
    limit: 4,
    shouldUseMultipart: multipart,
    async getUploadParameters(file, { signal }) {
      const query = new URLSearchParams({ filename: file.name, type: file.type || 'application/octet-stream' });
      query.set('metadata[size]', String(file.size));
      const params = await api(`/api/v1/uploads/s3/params?${query}`, { signal });
      imageOf.set(file.id, params.imageId);
      return { method: 'POST', url: params.url, fields: params.fields, headers: {} };
    },
    async createMultipartUpload(file) {
      const created = await api('/api/v1/uploads/s3/multipart', {
        method: 'POST',
        json: {
          filename: file.name,
          type: file.type || 'application/octet-stream',
          metadata: { size: String(file.size), description: file.meta.description || '' },
        },
      });
      imageOf.set(file.id, created.imageId);
      return { uploadId: created.uploadId, key: created.key };
    },
    listParts(file, { uploadId, key, signal }) {
      return api(`/api/v1/uploads/s3/multipart/${encodeURIComponent(uploadId)}?${withKey(key)}`, { signal });
    },
    async signPart(file, { uploadId, key, partNumber, signal }) {
      const signed = await api(
        `/api/v1/uploads/s3/multipart/${encodeURIComponent(uploadId)}/${partNumber}?${withKey(key)}`, { signal });
      return { url: signed.url };
    },
    async abortMultipartUpload(file, { uploadId, key, signal }) {
      await api(`/api/v1/uploads/s3/multipart/${encodeURIComponent(uploadId)}?${withKey(key)}`,
        { method: 'DELETE', signal });
      imageOf.delete(file.id);
    },
    async completeMultipartUpload(file, { uploadId, key, parts, signal }) {
      const done = await api(
        `/api/v1/uploads/s3/multipart/${encodeURIComponent(uploadId)}/complete?${withKey(key)}`,
        { method: 'POST', json: { parts }, signal });
      return { location: done.location };
    },
  });

  // a picture pasted anywhere on the page (a screenshot, a copied file) is added; the Dashboard takes
  // a paste inside it itself, and text pasted into a field stays text
  document.addEventListener('paste', (event) => {
    const target = event.target instanceof Element ? event.target : null;
    if (target && (target.closest('.uppy-Root') || target.matches('input, textarea'))) return;
    const files = [...((event.clipboardData && event.clipboardData.files) || [])];
    if (!files.length) return;
    event.preventDefault();
    for (const file of files) {
      try {
        uppy.addFile({ source: 'paste', name: file.name || 'pasted.png', type: file.type, data: file });
      } catch (e) {
        // refused by the restrictions: said by the restriction-failed handler
      }
    }
  });

  // the description and collection fields apply to the files added after they are set
  const description = document.getElementById('description');
  uppy.on('file-added', (file) => {
    if (description.value) uppy.setFileMeta(file.id, { description: description.value });
  });

  // after storage took the file: a form upload is registered now; a multipart one was by its completion
  uppy.on('upload-success', async (file) => {
    const imageId = imageOf.get(file.id);
    const collectionId = document.getElementById('collection').value;
    try {
      const image = multipart(file)
        ? await api(`/api/v1/images/${imageId}`)
        : await api('/api/v1/images/actions/process', {
          method: 'POST',
          json: { uuid: imageId, filename: file.name, description: file.meta.description || null },
        });
      await addToCollection(collectionId, image.uuid);
      showRegistered(file, image);
      watch(file, image);
    } catch (e) {
      showRefused(file, e);
      say(`${file.name}: ${e.message}`, 'error');
      // the file reached storage, but the api refused it: its tile says so too, and offers a retry
      uppy.emit('upload-error', uppy.getFile(file.id), e);
    }
  });
  uppy.on('upload-error', (file, error) => {
    if (file) showRefused(file, error);
  });
  uppy.on('restriction-failed', (file, error) => say(error.message, 'error'));
  globalThis.darkroomUppy = uppy; // for the browser tests and the curious
}

start();
