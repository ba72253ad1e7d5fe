#!/usr/bin/env python3
"""Writes darkroom.postman_collection.json. The collection is generated so that its many small test scripts
stay consistent; edit this file, run it, and commit both. Usage: python3 postman/build-collection.py"""
import base64, hashlib, json, os, uuid

HERE = os.path.dirname(os.path.abspath(__file__))
SAMPLE = open(os.path.join(HERE, "sample.jpg"), "rb").read()
SAMPLE_B64 = base64.b64encode(SAMPLE).decode()
SAMPLE_SHA = hashlib.sha256(SAMPLE).hexdigest()
JSON_HEADERS = [{"key": "Content-Type", "value": "application/json"}]
PROBLEM = """pm.test('answers problem+json', () => pm.expect(pm.response.headers.get('Content-Type')).to.include('application/problem+json'));
const problem = pm.response.json();
pm.test('problem has type, title, status, detail', () => { pm.expect(problem.type).to.be.a('string'); pm.expect(problem.title).to.be.a('string'); pm.expect(problem.status).to.eql(pm.response.code); pm.expect(problem.detail).to.be.a('string'); });"""


def request(name, method, url, tests, body=None, headers=None, prerequest=None, no_redirect=False, description=""):
    item = {
        "name": name,
        "event": [{"listen": "test", "script": {"type": "text/javascript", "exec": tests.strip().split("\n")}}],
        "request": {"method": method, "header": headers or [], "url": url, "description": description},
    }
    if prerequest:
        item["event"].insert(0, {"listen": "prerequest", "script": {"type": "text/javascript", "exec": prerequest.strip().split("\n")}})
    if body is not None:
        item["request"]["body"] = body
    if no_redirect:
        item["protocolProfileBehavior"] = {"followRedirects": False}
    if url.startswith("{{presignedUrl}}") or url.startswith("{{formUrl}}") or url.startswith("{{partUrl}}"):
        item["request"]["auth"] = {"type": "noauth"}  # storage checks its own signature, not our token
    return item


def raw(obj):
    return {"mode": "raw", "raw": json.dumps(obj, indent=2), "options": {"raw": {"language": "json"}}}


def status(code):
    return f"pm.test('status {code}', () => pm.response.to.have.status({code}));"


# A poll repeats its request every 250 ms (the pre-request wait) until the resource has ended or 60 seconds have
# passed, then asserts on what it saw: a deadline in time, not in tries, so a slow machine does not fail it.
POLL_WAIT = "setTimeout(() => {}, 250);"


def poll(value, waiting, final_tests):
    return f"""const {value} = pm.response.json();
const started = Number(pm.collectionVariables.get('pollStarted') || 0) || Date.now();
if ({waiting} && Date.now() - started < 60000) {{
  pm.collectionVariables.set('pollStarted', started);
  postman.setNextRequest(pm.info.requestName);
}} else {{
  pm.collectionVariables.set('pollStarted', 0);
{final_tests}
}}"""


IMAGE_WAITING = "['pending', 'processing'].includes(image.status)"
POLL = poll("image", IMAGE_WAITING, """  pm.test('processing ended in succeeded', () => pm.expect(image.status).to.eql('succeeded'));
  pm.test('renditions are listed', () => pm.expect(image.renditions.map(r => r.name)).to.include('thumbnail'));""")

images = [
    request("Get a presigned PUT URL", "GET", "{{baseUrl}}/api/v1/images/actions/upload-url?extension=jpg&size=" + str(len(SAMPLE)), status(200) + """
const body = pm.response.json();
pm.test('PUT for one key', () => { pm.expect(body.method).to.eql('PUT'); pm.expect(body.presignedUrl).to.include(body.uuid); });
pm.test('signed for this length and type', () => { pm.expect(body.headers['Content-Length']).to.eql('""" + str(len(SAMPLE)) + """'); pm.expect(body.presignedUrl).to.include('content-length%3Bcontent-type%3Bhost'); });
pm.collectionVariables.set('putUuid', body.uuid);
pm.collectionVariables.set('presignedUrl', body.presignedUrl);"""),
    request("PUT the file to storage", "PUT", "{{presignedUrl}}", status(200),
            body={"mode": "file", "file": {"src": "sample.jpg"}}, headers=[{"key": "Content-Type", "value": "image/jpeg"}],
            description="Goes to storage, not to the api: the URL is presigned for one object, this many bytes"
                        " (size) and this Content-Type; storage refuses anything else with 403."),
    request("Process the uploaded image", "POST", "{{baseUrl}}/api/v1/images/actions/process", status(202) + """
const image = pm.response.json();
pm.test('pending with its header dimensions', () => { pm.expect(image.status).to.eql('pending'); pm.expect(image.width).to.eql(64); pm.expect(image.height).to.eql(48); });""",
            body=raw({"uuid": "{{putUuid}}", "filename": "sample.jpg", "description": "via presigned PUT"}), headers=JSON_HEADERS),
    request("Process it again (409)", "POST", "{{baseUrl}}/api/v1/images/actions/process", status(409) + "\n" + PROBLEM,
            body=raw({"uuid": "{{putUuid}}", "filename": "sample.jpg"}), headers=JSON_HEADERS),
    request("Get a presigned POST form", "POST", "{{baseUrl}}/api/v1/images/actions/upload-form", status(200) + """
const body = pm.response.json();
pm.collectionVariables.set('formUuid', body.uuid);
pm.collectionVariables.set('formUrl', body.url);
Object.entries(body.fields).forEach(([k, v]) => pm.collectionVariables.set('form_' + k, v));
pm.test('policy fields present', () => ['key', 'Content-Type', 'policy', 'x-amz-signature'].forEach(f => pm.expect(body.fields).to.have.property(f)));""",
            body=raw({"filename": "sample.jpg", "contentType": "image/jpeg", "size": len(SAMPLE)}), headers=JSON_HEADERS),
    request("POST the form to storage", "POST", "{{formUrl}}", "pm.test('stored by storage', () => pm.expect(pm.response.code).to.be.oneOf([200, 201, 204]));",
            body={"mode": "formdata", "formdata": [{"key": k, "value": "{{form_" + k + "}}", "type": "text"} for k in
                                                    ["key", "Content-Type", "X-Amz-Date", "x-amz-algorithm", "x-amz-credential", "policy", "x-amz-signature"]]
                  + [{"key": "file", "type": "file", "src": "sample.jpg"}]}),
    request("Process the form upload", "POST", "{{baseUrl}}/api/v1/images/actions/process", status(202),
            body=raw({"uuid": "{{formUuid}}", "filename": "form.jpg"}), headers=JSON_HEADERS),
    request("Upload directly (multipart)", "POST", "{{baseUrl}}/api/v1/images/actions/upload", status(202) + """
const image = pm.response.json();
pm.test('Location names the image', () => pm.expect(pm.response.headers.get('Location')).to.eql('/api/v1/images/' + image.uuid));
pm.collectionVariables.set('directUuid', image.uuid);""",
            body={"mode": "formdata", "formdata": [{"key": "description", "value": "direct upload", "type": "text"},
                                                   {"key": "file", "type": "file", "src": "sample.jpg"}]}),
    request("Upload directly (base64 JSON)", "POST", "{{baseUrl}}/api/v1/images/actions/upload", status(202) + """
pm.test('checksum kept', () => pm.expect(pm.response.json().sha256).to.eql('""" + SAMPLE_SHA + """'));
pm.collectionVariables.set('base64Uuid', pm.response.json().uuid);""",
            body=raw({"filename": "sample.jpg", "content": SAMPLE_B64, "sha256": SAMPLE_SHA}), headers=JSON_HEADERS),
    request("Upload with a wrong checksum (422)", "POST", "{{baseUrl}}/api/v1/images/actions/upload", status(422) + "\n" + PROBLEM,
            body=raw({"filename": "sample.jpg", "content": SAMPLE_B64, "md5": "00000000000000000000000000000000"}), headers=JSON_HEADERS),
    request("Get the image until it is processed", "GET", "{{baseUrl}}/api/v1/images/{{directUuid}}", status(200) + "\n" + POLL, prerequest=POLL_WAIT),
    request("List images", "GET", "{{baseUrl}}/api/v1/images?page=1&limit=5&sort=desc&sortBy=createdAt&status=succeeded", status(200) + """
const page = pm.response.json();
pm.test('data and meta', () => { pm.expect(page.data).to.be.an('array'); pm.expect(page.meta.page).to.eql(1); pm.expect(page.meta.limit).to.eql(5); pm.expect(page.meta.total).to.be.at.least(1); });"""),
    request("Retry a succeeded image (409)", "POST", "{{baseUrl}}/api/v1/images/{{directUuid}}/actions/retry", status(409) + "\n" + PROBLEM,
            description="Retry is for images that failed with failure.retryable = true (storage or broker away, no outcome in time)."),
    request("Download a rendition (302)", "GET", "{{baseUrl}}/api/v1/images/{{directUuid}}/renditions/thumbnail", status(302) + """
pm.test('redirects to a presigned GET', () => pm.expect(pm.response.headers.get('Location')).to.include('X-Amz-Signature'));""", no_redirect=True),
    request("Download the original (302)", "GET", "{{baseUrl}}/api/v1/images/{{directUuid}}/original", status(302), no_redirect=True),
    request("Get the original's link as JSON", "GET", "{{baseUrl}}/api/v1/images/{{directUuid}}/original", status(200) + """
const link = pm.response.json();
pm.test('a presigned GET and when it expires', () => { pm.expect(link.url).to.include('X-Amz-Signature'); pm.expect(new Date(link.expiresAt).getTime()).to.be.above(Date.now()); });""", headers=[{"key": "Accept", "value": "application/json"}]),
    request("Get an unknown image (404)", "GET", "{{baseUrl}}/api/v1/images/" + str(uuid.UUID(int=0)), status(404) + "\n" + PROBLEM),
]

rel = lambda var: raw({"imageIds": ["{{" + var + "}}"]})
collections = [
    request("Create a collection", "POST", "{{baseUrl}}/api/v1/collections", status(201) + """
const c = pm.response.json();
pm.test('Location names it', () => pm.expect(pm.response.headers.get('Location')).to.eql('/api/v1/collections/' + c.uuid));
pm.test('empty', () => pm.expect(c.imageCount).to.eql(0));
pm.collectionVariables.set('collectionUuid', c.uuid);""", body=raw({"name": "Postman tour", "description": "made by newman"}), headers=JSON_HEADERS),
    request("Create a second collection", "POST", "{{baseUrl}}/api/v1/collections", status(201) + """
pm.collectionVariables.set('otherCollectionUuid', pm.response.json().uuid);""", body=raw({"name": "Other"}), headers=JSON_HEADERS),
    request("Create with a too short name (400)", "POST", "{{baseUrl}}/api/v1/collections", status(400) + "\n" + PROBLEM + """
pm.test('names the field', () => pm.expect(problem.errors[0].field).to.eql('name'));""", body=raw({"name": "x"}), headers=JSON_HEADERS),
    request("List collections", "GET", "{{baseUrl}}/api/v1/collections?page=1&limit=10&sortBy=name&sort=asc", status(200) + """
pm.test('meta total', () => pm.expect(pm.response.json().meta.total).to.be.at.least(2));"""),
    request("Add an image", "POST", "{{baseUrl}}/api/v1/collections/{{collectionUuid}}/relationships/images", status(204), body=rel("directUuid"), headers=JSON_HEADERS),
    request("Add it to another collection (409)", "POST", "{{baseUrl}}/api/v1/collections/{{otherCollectionUuid}}/relationships/images", status(409) + "\n" + PROBLEM, body=rel("directUuid"), headers=JSON_HEADERS),
    request("Get the collection", "GET", "{{baseUrl}}/api/v1/collections/{{collectionUuid}}", status(200) + """
const c = pm.response.json();
pm.test('a bare resource that counts its image', () => { pm.expect(c.uuid).to.eql(pm.collectionVariables.get('collectionUuid')); pm.expect(c.imageCount).to.eql(1); pm.expect(c).to.not.have.property('data'); });"""),
    request("List the images of the collection", "GET", "{{baseUrl}}/api/v1/collections/{{collectionUuid}}/images?page=1&limit=10", status(200) + """
const page = pm.response.json();
pm.test('a list: data and meta', () => { pm.expect(page.data[0].uuid).to.eql(pm.collectionVariables.get('directUuid')); pm.expect(page.meta.total).to.eql(1); pm.expect(page.meta.limit).to.eql(10); });"""),
    request("List images of the collection", "GET", "{{baseUrl}}/api/v1/images?collectionId={{collectionUuid}}", status(200) + """
pm.test('one image', () => pm.expect(pm.response.json().meta.total).to.eql(1));"""),
    request("Rename the collection", "PATCH", "{{baseUrl}}/api/v1/collections/{{collectionUuid}}", status(200) + """
pm.test('renamed', () => pm.expect(pm.response.json().name).to.eql('Postman tour, renamed'));""", body=raw({"name": "Postman tour, renamed"}), headers=JSON_HEADERS),
    request("Delete a non-empty collection (409)", "DELETE", "{{baseUrl}}/api/v1/collections/{{collectionUuid}}", status(409) + "\n" + PROBLEM),
    request("Remove the image", "DELETE", "{{baseUrl}}/api/v1/collections/{{collectionUuid}}/relationships/images", status(204), body=rel("directUuid"), headers=JSON_HEADERS),
    request("Delete the empty collection", "DELETE", "{{baseUrl}}/api/v1/collections/{{collectionUuid}}", status(204)),
    request("Get the deleted collection (404)", "GET", "{{baseUrl}}/api/v1/collections/{{collectionUuid}}", status(404) + "\n" + PROBLEM),
    request("Delete the other collection", "DELETE", "{{baseUrl}}/api/v1/collections/{{otherCollectionUuid}}", status(204)),
    request("Delete an image", "DELETE", "{{baseUrl}}/api/v1/images/{{directUuid}}", status(204)),
    request("Get the deleted image (404)", "GET", "{{baseUrl}}/api/v1/images/{{directUuid}}", status(404) + "\n" + PROBLEM),
]

# The receiver is a closed local port: registering it needs DARKROOM_WEBHOOKS_ALLOWED_RANGES=127.0.0.1/32 (README),
# and its deliveries fail and are retried, which is what "List deliveries" shows once an image fails or succeeds.
webhooks = [
    request("Refuse a webhook to cloud metadata (400)", "POST", "{{baseUrl}}/api/v1/webhooks", status(400) + "\n" + PROBLEM + """
pm.test('names the url and the rule', () => { pm.expect(problem.errors[0].field).to.eql('url'); pm.expect(problem.errors[0].message).to.include('link-local'); });""",
            body=raw({"url": "http://169.254.169.254/latest/meta-data/", "events": ["image.succeeded"]}), headers=JSON_HEADERS),
    request("Register a webhook", "POST", "{{baseUrl}}/api/v1/webhooks", status(201) + """
const hook = pm.response.json();
pm.test('secret shown once, Location names it', () => { pm.expect(hook.secret).to.match(/^whsec_/); pm.expect(pm.response.headers.get('Location')).to.eql('/api/v1/webhooks/' + hook.id); });
pm.collectionVariables.set('webhookId', hook.id);
pm.collectionVariables.set('webhookSecret', hook.secret);""",
            body=raw({"url": "http://127.0.0.1:9/darkroom", "events": ["image.failed"], "description": "Postman tour"}), headers=JSON_HEADERS),
    request("List webhooks", "GET", "{{baseUrl}}/api/v1/webhooks?page=1&limit=10", status(200) + """
pm.test('a list without secrets', () => { const page = pm.response.json(); pm.expect(page.meta.total).to.be.at.least(1); page.data.forEach(h => pm.expect(h.secret).to.eql(null)); });"""),
    request("Rotate the webhook's secret", "POST", "{{baseUrl}}/api/v1/webhooks/{{webhookId}}/actions/rotate-secret", status(200) + """
pm.test('a new secret', () => { const hook = pm.response.json(); pm.expect(hook.secret).to.match(/^whsec_/); pm.expect(hook.secret).to.not.eql(pm.collectionVariables.get('webhookSecret')); });"""),
    request("List the webhook's deliveries", "GET", "{{baseUrl}}/api/v1/webhooks/{{webhookId}}/deliveries", status(200) + """
pm.test('data and meta', () => { const page = pm.response.json(); pm.expect(page.data).to.be.an('array'); pm.expect(page.meta.page).to.eql(1); });"""),
    request("Disable the webhook", "PATCH", "{{baseUrl}}/api/v1/webhooks/{{webhookId}}", status(200) + """
pm.test('disabled', () => pm.expect(pm.response.json().enabled).to.eql(false));""", body=raw({"enabled": False}), headers=JSON_HEADERS),
    request("Delete the webhook", "DELETE", "{{baseUrl}}/api/v1/webhooks/{{webhookId}}", status(204)),
    request("Get the deleted webhook (404)", "GET", "{{baseUrl}}/api/v1/webhooks/{{webhookId}}", status(404) + "\n" + PROBLEM),
]

# Imports that need no network: every URL is one the egress guard refuses (cloud metadata, a private address, not
# http), so each image fails with its source_* code wherever the collection runs. README shows the success path.
METADATA = "http://169.254.169.254/latest/meta-data/"
POLL_IMPORTED = poll("image", IMAGE_WAITING, """  pm.test('the worker refused to fetch it', () => { pm.expect(image.status).to.eql('failed'); pm.expect(image.failure.code).to.eql('source_forbidden_address'); pm.expect(image.failure.retryable).to.eql(false); });""")
POLL_IMPORT = poll("run", "!run.completedAt", """  pm.test('completed: every URL refused, so failed', () => pm.expect(run.status).to.eql('failed'));
  pm.test('counts add up', () => { const p = run.progress; pm.expect(p.total).to.eql(3); pm.expect(p.failed).to.eql(3); pm.expect(p.succeeded + p.failed + p.pending).to.eql(p.total); pm.expect(p.percentComplete).to.eql(100); });""")
imports = [
    request("Import an image from a URL", "POST", "{{baseUrl}}/api/v1/images/actions/import", status(202) + """
const image = pm.response.json();
pm.test('pending, with its source', () => { pm.expect(image.status).to.eql('pending'); pm.expect(image.source.url).to.eql('""" + METADATA + """'); });
pm.test('Location names the image', () => pm.expect(pm.response.headers.get('Location')).to.eql('/api/v1/images/' + image.uuid));
pm.collectionVariables.set('importedUuid', image.uuid);""", body=raw({"url": METADATA, "description": "fetched by a worker"}), headers=JSON_HEADERS),
    request("Poll the imported image until it ends", "GET", "{{baseUrl}}/api/v1/images/{{importedUuid}}", status(200) + "\n" + POLL_IMPORTED, prerequest=POLL_WAIT),
    request("Refuse a URL that is not http (400)", "POST", "{{baseUrl}}/api/v1/images/actions/import", status(400) + "\n" + PROBLEM + """
pm.test('names the url', () => pm.expect(problem.errors[0].field).to.eql('url'));""", body=raw({"url": "ftp://example.com/a.jpg"}), headers=JSON_HEADERS),
    request("Import a product catalogue CSV", "POST", "{{baseUrl}}/api/v1/imports", status(202) + """
const run = pm.response.json();
pm.test('pending, every row and URL counted', () => { pm.expect(run.status).to.eql('pending'); pm.expect(run.totalRows).to.eql(3); pm.expect(run.totalUrls).to.eql(4); pm.expect(run.distinctUrls).to.eql(3); });
pm.test('the compressed preset, linked from the output', () => pm.expect(run.outputRendition).to.eql('compressed'));
pm.test('Location names the import', () => pm.expect(pm.response.headers.get('Location')).to.eql('/api/v1/imports/' + run.id));
pm.collectionVariables.set('importId', run.id);""",
            body={"mode": "formdata", "formdata": [{"key": "file", "type": "file", "src": "catalogue.csv"},
                                                    {"key": "preset", "type": "text", "value": "compressed"}]}),
    request("Refuse a CSV with structural problems (400)", "POST", "{{baseUrl}}/api/v1/imports", status(400) + "\n" + PROBLEM + """
pm.test('every problem with its row and column', () => pm.expect(problem.errors.map(e => e.field)).to.eql(['file.row[2].Serial Number', 'file.row[4].Serial Number']));""",
            body={"mode": "formdata", "formdata": [{"key": "file", "type": "file", "src": "catalogue-broken.csv"}]}),
    request("Poll the import until it completes", "GET", "{{baseUrl}}/api/v1/imports/{{importId}}", status(200) + "\n" + POLL_IMPORT, prerequest=POLL_WAIT),
    request("List the import's rows", "GET", "{{baseUrl}}/api/v1/imports/{{importId}}/rows?page=1&limit=100", status(200) + """
const rows = pm.response.json();
pm.test('rows in file order', () => pm.expect(rows.data.map(r => r.serialNumber)).to.eql(['1', '2', '3']));
pm.test('each URL with its failure code', () => { pm.expect(rows.data[1].urls.map(u => u.failureCode)).to.eql(['source_forbidden_address', 'source_forbidden_address']); pm.expect(rows.data[2].urls[0].failureCode).to.eql('source_invalid_url'); });
pm.test('a repeated URL is one image', () => pm.expect(rows.data[1].urls[1].imageId).to.eql(rows.data[0].urls[0].imageId));"""),
    request("Download the output CSV", "GET", "{{baseUrl}}/api/v1/imports/{{importId}}/output.csv", status(200) + """
pm.test('text/csv', () => pm.expect(pm.response.headers.get('Content-Type')).to.include('text/csv'));
const lines = pm.response.text().trim().split('\\r\\n');
pm.test('the input columns plus Output Image Urls, every field quoted', () => pm.expect(lines[0]).to.eql('"Serial Number","Product Name","Input Image Urls","Output Image Urls"'));
pm.test('one output per input URL, empty where it failed', () => pm.expect(lines[2]).to.eql('"2","Private Poster","http://10.0.0.7/poster.jpg,""" + METADATA + """",","'));"""),
    request("List imports", "GET", "{{baseUrl}}/api/v1/imports?page=1&limit=10", status(200) + """
pm.test('the import is listed', () => pm.expect(pm.response.json().data.map(i => i.id)).to.include(pm.collectionVariables.get('importId')));"""),
]

# A resumable upload as @uppy/aws-s3 makes it, with one part (the last part may be smaller than 5 MiB): create, sign,
# PUT to storage (no auth: the URL is signed), list, complete, then the image is processed like any other.
uploads = [
    request("Read the upload limits", "GET", "{{baseUrl}}/api/v1/uploads/limits", status(200) + """
const limits = pm.response.json();
pm.test('formats by media type and extension', () => { pm.expect(limits.mediaTypes).to.include('image/jpeg'); pm.expect(limits.extensions).to.include('.png'); });
pm.test('a size for each path, parts above the threshold', () => { pm.expect(limits.formMaxBytes).to.be.above(0); pm.expect(limits.multipartMaxBytes).to.be.above(limits.formMaxBytes); pm.expect(limits.multipartThresholdBytes).to.be.at.most(limits.formMaxBytes); });"""),
    request("Get a presigned POST form (Uppy's small-file path)", "GET",
            "{{baseUrl}}/api/v1/uploads/s3/params?filename=sample.jpg&type=image/jpeg&metadata%5Bsize%5D=" + str(len(SAMPLE)), status(200) + """
const form = pm.response.json();
pm.test('a POST form for one key', () => { pm.expect(form.method).to.eql('POST'); pm.expect(form.fields.key).to.include(form.imageId); pm.expect(form.expires).to.be.above(0); });"""),
    request("Start a resumable upload", "POST", "{{baseUrl}}/api/v1/uploads/s3/multipart", status(201) + """
const upload = pm.response.json();
pm.test('the server chose the key', () => { pm.expect(upload.key).to.match(/\\/upload$/); pm.expect(upload.key).to.not.include('sample'); pm.expect(upload.uploadId).to.be.a('string'); });
pm.collectionVariables.set('uploadId', upload.uploadId);
pm.collectionVariables.set('uploadKey', encodeURIComponent(upload.key));
pm.collectionVariables.set('multipartUuid', upload.imageId);""",
            body=raw({"filename": "sample.jpg", "type": "image/jpeg", "metadata": {"name": "sample.jpg", "description": "sent in parts"}}), headers=JSON_HEADERS),
    request("Sign part 1", "GET", "{{baseUrl}}/api/v1/uploads/s3/multipart/{{uploadId}}/1?key={{uploadKey}}", status(200) + """
const signed = pm.response.json();
pm.test('a URL for this part of this upload, valid 15 minutes', () => { pm.expect(signed.url).to.include('partNumber=1'); pm.expect(signed.url).to.include('uploadId='); pm.expect(signed.expires).to.eql(900); });
pm.collectionVariables.set('partUrl', signed.url);"""),
    request("PUT part 1 to storage", "PUT", "{{partUrl}}", status(200) + """
pm.test('storage answered its ETag', () => pm.expect(pm.response.headers.get('ETag')).to.be.a('string'));
pm.collectionVariables.set('partEtag', pm.response.headers.get('ETag'));""",
            body={"mode": "file", "file": {"src": "sample.jpg"}}),
    request("List the parts (resume)", "GET", "{{baseUrl}}/api/v1/uploads/s3/multipart/{{uploadId}}?key={{uploadKey}}", status(200) + """
const parts = pm.response.json();
pm.test('part 1 with its size and ETag', () => { pm.expect(parts.length).to.eql(1); pm.expect(parts[0].PartNumber).to.eql(1); pm.expect(parts[0].Size).to.eql(""" + str(len(SAMPLE)) + """); });"""),
    request("Complete the upload", "POST", "{{baseUrl}}/api/v1/uploads/s3/multipart/{{uploadId}}/complete?key={{uploadKey}}", status(200) + """
const done = pm.response.json();
pm.test('the image is registered', () => { pm.expect(done.imageId).to.eql(pm.collectionVariables.get('multipartUuid')); pm.expect(done.location).to.eql('/api/v1/images/' + done.imageId); });""",
            body=raw({"parts": [{"PartNumber": 1, "ETag": "{{partEtag}}"}]}), headers=JSON_HEADERS,
            prerequest="""// the ETag as storage sent it, quotes included, inside the JSON body
pm.collectionVariables.set('partEtag', JSON.stringify(pm.collectionVariables.get('partEtag')).slice(1, -1));"""),
    request("Poll the uploaded image until it succeeds", "GET", "{{baseUrl}}/api/v1/images/{{multipartUuid}}", status(200) + "\n" + POLL, prerequest=POLL_WAIT),
    request("Sign a part of an upload that is gone (404)", "GET", "{{baseUrl}}/api/v1/uploads/s3/multipart/{{uploadId}}/2?key={{uploadKey}}", status(404) + "\n" + PROBLEM),
]

console = [
    request("Open the console", "GET", "{{baseUrl}}/ui/", status(200) + """
pm.test('an HTML page', () => pm.expect(pm.response.headers.get('Content-Type')).to.include('text/html'));
pm.test('a policy that allows only our origin and storage', () => { const csp = pm.response.headers.get('Content-Security-Policy'); pm.expect(csp).to.include(\"script-src 'self'\"); pm.expect(csp).to.not.include('unsafe-inline'); });
pm.test('no MIME sniffing', () => pm.expect(pm.response.headers.get('X-Content-Type-Options')).to.eql('nosniff'));"""),
    request("Read the monitor", "GET", "{{baseUrl}}/api/v1/monitor", status(200) + """
const view = pm.response.json();
pm.test('an hour of minutes', () => { pm.expect(view.windowMinutes).to.eql(60); pm.expect(view.throughput.length).to.eql(60); });
pm.test('time per stage', () => pm.expect(view.stages.map(s => s.stage)).to.include.members(['download', 'decode', 'resize', 'encode', 'store']));
pm.test('the pipeline for an admin, none for an owner', () => { if (view.scope === 'all') { pm.expect(view.pipeline.consumerGroup).to.eql('darkroom-workers'); } else { pm.expect(view.pipeline).to.eql(null); } });"""),
]

collection = {
    "info": {
        "name": "Darkroom",
        "description": "Every endpoint of the Darkroom api, in an order that chains ids from one request to the next. Run: npx --yes newman@6.2.2 run darkroom.postman_collection.json -e local.postman_environment.json --working-dir .",
        "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json",
    },
    "item": [{"name": "Images", "item": images}, {"name": "Collections", "item": collections},
             {"name": "Webhooks", "item": webhooks}, {"name": "Imports", "item": imports},
             {"name": "Resumable uploads", "item": uploads}, {"name": "Console and monitor", "item": console}],
    "variable": [{"key": "pollStarted", "value": "0"}],
    # Bearer token for every api request; leave it empty when the api runs with auth off (./run.sh).
    "auth": {"type": "bearer", "bearer": [{"key": "token", "value": "{{token}}", "type": "string"}]},
}
with open(os.path.join(HERE, "darkroom.postman_collection.json"), "w") as f:
    json.dump(collection, f, indent=2)
    f.write("\n")
with open(os.path.join(HERE, "local.postman_environment.json"), "w") as f:
    json.dump({"name": "Darkroom local run", "values": [{"key": "baseUrl", "value": "http://localhost:8080", "enabled": True},
                                                                     {"key": "token", "value": "", "enabled": True}]}, f, indent=2)
    f.write("\n")
print("wrote", len(images) + len(collections) + len(webhooks) + len(imports) + len(uploads) + len(console), "requests")
