#!/usr/bin/env node
// Checks Darkroom's Kubernetes manifests offline, without kubectl or a cluster:
//   node check.mjs <kustomization dir> [<kustomization dir> ...]
//   node check.mjs --render <kustomization dir>    prints the rendering, as `kubectl kustomize` would
// 1. renders each kustomization as kustomize would, for the few fields it supports (resources, namespace, images,
//    patches as JSON6902 with a target) and refuses any other field, so what it checks is what kubectl applies;
// 2. validates every rendered object against its schema (kubernetes-models, @kubernetes-models/keda);
// 3. applies the project's rules (probes, resources, pinned images, KEDA, references between objects, secrets).
// Prints what it checked; exits 1 listing every violation, 2 on a usage error.
import fs from "node:fs";
import path from "node:path";
import YAML from "yaml";
import jsonpatch from "fast-json-patch";

const KUSTOMIZATION_FILES = ["kustomization.yaml", "kustomization.yml", "Kustomization"];
const SUPPORTED_FIELDS = ["apiVersion", "kind", "resources", "namespace", "images", "patches"];
// kinds without a namespace among those this checker validates; kustomize renames a Namespace to `namespace:`
const CLUSTER_SCOPED = new Set(["Namespace", "ClusterRole", "ClusterRoleBinding", "CustomResourceDefinition",
  "PriorityClass", "StorageClass", "PersistentVolume", "ClusterScaledObject", "ClusterTriggerAuthentication"]);
// The partitions of image-commands.v1 are written once, in this ConfigMap key (k8s/base/configmap.yaml, from
// docker-compose.yml's KAFKA_PARTITIONS default): a consumer group uses at most one consumer per partition, and
// each worker pod runs worker-concurrency consumers (one per thread), so replicas x concurrency <= partitions.
const PARTITIONS_CONFIGMAP = "darkroom";
const PARTITIONS_KEY = "image-commands-partitions";
const CONCURRENCY_KEY = "worker-concurrency";

// the workers' Deployment: KEDA scales it on the lag of image-commands.v1
const WORKER_DEPLOYMENT = "darkroom-worker";

/** A kustomization this checker cannot render exactly as kustomize would: refused, never approximated. */
class RenderError extends Error {}

function readKustomization(dir) {
  const file = KUSTOMIZATION_FILES.map((name) => path.join(dir, name)).find((f) => fs.existsSync(f));
  if (!file) {
    throw new RenderError(`${dir}: no kustomization.yaml`);
  }
  const k = YAML.parse(fs.readFileSync(file, "utf8"), { version: "1.1" }) ?? {};
  const unsupported = Object.keys(k).filter((field) => !SUPPORTED_FIELDS.includes(field));
  if (unsupported.length > 0) {
    throw new RenderError(`${file}: unsupported kustomization field(s) ${unsupported.join(", ")}: this checker `
      + `renders only ${SUPPORTED_FIELDS.slice(2).join(", ")}, and would check something other than what `
      + "kustomize renders; use those, or teach check.mjs the field exactly as kustomize implements it");
  }
  if (k.kind !== undefined && k.kind !== "Kustomization") {
    throw new RenderError(`${file}: kind ${k.kind} is not a Kustomization (components are not supported)`);
  }
  return { file, k };
}

function parseDocuments(file) {
  const docs = YAML.parseAllDocuments(fs.readFileSync(file, "utf8"), { version: "1.1" });
  for (const doc of docs) {
    if (doc.errors.length > 0) {
      throw new RenderError(`${file}: ${doc.errors[0].message}`);
    }
  }
  return docs.map((doc) => doc.toJS()).filter((obj) => obj !== null && obj !== undefined);
}

/** kustomize's default load restrictor: files (not kustomization directories) must be in or below the root. */
function insideRoot(root, file, where) {
  const relative = path.relative(path.resolve(root), path.resolve(file));
  if (relative.startsWith("..") || path.isAbsolute(relative)) {
    throw new RenderError(`${where}: a file outside the kustomization's directory, which kustomize refuses `
      + "(only directories with their own kustomization may be elsewhere)");
  }
  return file;
}

const id = (obj) => `${obj.kind}/${obj.metadata?.name}`;
const groupOf = (apiVersion) => (apiVersion?.includes("/") ? apiVersion.split("/")[0] : "");
const versionOf = (apiVersion) => (apiVersion?.includes("/") ? apiVersion.split("/")[1] : apiVersion);

/** Renders a kustomization directory: its resources (sub-kustomizations first), then patches, namespace, images. */
function render(dir) {
  const { file, k } = readKustomization(dir);
  const objects = [];
  for (const entry of k.resources ?? []) {
    if (typeof entry !== "string" || /^[a-z]+:\/\//i.test(entry) || entry.startsWith("github.com/")) {
      throw new RenderError(`${file}: resource ${JSON.stringify(entry)}: only local files and directories`);
    }
    const target = path.resolve(dir, entry);
    if (!fs.existsSync(target)) {
      throw new RenderError(`${file}: resource ${entry} does not exist`);
    }
    const isDir = fs.statSync(target).isDirectory();
    if (!isDir) {
      insideRoot(dir, target, `${file}: resource ${entry}`);
    }
    const added = isDir ? render(target) : parseDocuments(target);
    for (const obj of added) {
      const clash = objects.find((o) => o.apiVersion === obj.apiVersion && o.kind === obj.kind
        && o.metadata?.name === obj.metadata?.name && o.metadata?.namespace === obj.metadata?.namespace);
      if (clash) {
        throw new RenderError(`${file}: ${id(obj)} is defined twice (kustomize refuses a duplicate id)`);
      }
      objects.push(obj);
    }
  }
  for (const [i, patch] of (k.patches ?? []).entries()) {
    applyPatch(dir, file, i, patch, objects);
  }
  if (k.namespace !== undefined) {
    for (const obj of objects) {
      obj.metadata = obj.metadata ?? {};
      if (obj.kind === "Namespace") {
        obj.metadata.name = k.namespace;
      } else if (!CLUSTER_SCOPED.has(obj.kind)) {
        obj.metadata.namespace = k.namespace;
      }
    }
  }
  for (const image of k.images ?? []) {
    setImage(file, image, objects);
  }
  return objects;
}

function applyPatch(dir, file, i, patch, objects) {
  const where = `${file}: patches[${i}]`;
  const extra = Object.keys(patch).filter((key) => !["path", "patch", "target"].includes(key));
  if (extra.length > 0) {
    throw new RenderError(`${where}: unsupported field(s) ${extra.join(", ")} (only path, patch, target)`);
  }
  if ((patch.path === undefined) === (patch.patch === undefined)) {
    throw new RenderError(`${where}: give exactly one of path and patch`);
  }
  const text = patch.path !== undefined
    ? fs.readFileSync(insideRoot(dir, path.resolve(dir, patch.path), `${where}: ${patch.path}`), "utf8")
    : patch.patch;
  const ops = YAML.parse(text, { version: "1.1" });
  if (!Array.isArray(ops)) {
    throw new RenderError(`${where}: not a JSON6902 list of operations; strategic-merge patches are not supported`);
  }
  const target = patch.target;
  if (!target || !target.kind) {
    throw new RenderError(`${where}: a JSON6902 patch needs a target with at least a kind`);
  }
  const selectors = Object.keys(target).filter((key) => !["group", "version", "kind", "name", "namespace"].includes(key));
  if (selectors.length > 0) {
    throw new RenderError(`${where}: unsupported target field(s) ${selectors.join(", ")}`);
  }
  // kustomize matches the target's name as an anchored regular expression
  const nameMatches = (name) => target.name === undefined || new RegExp(`^(?:${target.name})$`).test(name ?? "");
  const matched = objects.filter((obj) => obj.kind === target.kind && nameMatches(obj.metadata?.name)
    && (target.group === undefined || groupOf(obj.apiVersion) === target.group)
    && (target.version === undefined || versionOf(obj.apiVersion) === target.version)
    && (target.namespace === undefined || obj.metadata?.namespace === target.namespace));
  if (matched.length === 0) {
    throw new RenderError(`${where}: target ${JSON.stringify(target)} matches no resource`);
  }
  for (const obj of matched) {
    try {
      jsonpatch.applyPatch(obj, ops, true, true);
    } catch (e) {
      throw new RenderError(`${where} on ${id(obj)}: ${e.name} ${e.message.split("\n")[0]}`);
    }
  }
}

/** Splits an image reference into its name (registry and path), tag and digest. */
function parseImage(ref) {
  let rest = ref;
  let digest;
  if (rest.includes("@")) {
    [rest, digest] = rest.split("@", 2);
  }
  const slash = rest.lastIndexOf("/");
  const colon = rest.lastIndexOf(":");
  if (colon > slash) {
    return { name: rest.slice(0, colon), tag: rest.slice(colon + 1), digest };
  }
  return { name: rest, tag: undefined, digest };
}

/** Every container list of an object, wherever kustomize's image transformer would find one. */
function containerLists(node, found = []) {
  if (Array.isArray(node)) {
    node.forEach((item) => containerLists(item, found));
  } else if (node && typeof node === "object") {
    for (const [key, value] of Object.entries(node)) {
      if ((key === "containers" || key === "initContainers") && Array.isArray(value)) {
        found.push(value);
      }
      containerLists(value, found);
    }
  }
  return found;
}

function setImage(file, image, objects) {
  const extra = Object.keys(image).filter((key) => !["name", "newName", "newTag", "digest"].includes(key));
  if (extra.length > 0 || !image.name) {
    throw new RenderError(`${file}: images entry ${JSON.stringify(image)}: only name, newName, newTag, digest`);
  }
  let used = false;
  for (const containers of objects.flatMap((obj) => containerLists(obj))) {
    for (const container of containers) {
      if (typeof container?.image !== "string") {
        continue;
      }
      const ref = parseImage(container.image);
      if (ref.name !== image.name) {
        continue;
      }
      used = true;
      const name = image.newName ?? ref.name;
      if (image.digest !== undefined) {
        container.image = `${name}@${image.digest}`;
      } else if (image.newTag !== undefined) {
        container.image = `${name}:${image.newTag}`;
      } else {
        container.image = name + (ref.tag ? `:${ref.tag}` : "") + (ref.digest ? `@${ref.digest}` : "");
      }
    }
  }
  if (!used) {
    throw new RenderError(`${file}: images entry ${image.name} matches no container image (a typo?)`);
  }
}

/** The kubernetes-models class of an apiVersion and kind, or undefined for a kind it does not know. */
async function modelClass(apiVersion, kind) {
  if (typeof apiVersion !== "string" || !/^([a-z0-9.-]+\/)?v[0-9a-z]+$/.test(apiVersion)
    || typeof kind !== "string" || !/^[A-Za-z0-9]+$/.test(kind)) {
    return undefined;
  }
  const group = groupOf(apiVersion);
  const module = group === "keda.sh" ? `@kubernetes-models/keda/${apiVersion}`
    : `kubernetes-models/${apiVersion}`;
  try {
    return (await import(module))[kind];
  } catch {
    return undefined;
  }
}

async function validateSchemas(objects, violations) {
  for (const obj of objects) {
    const Model = await modelClass(obj.apiVersion, obj.kind);
    if (Model === undefined) {
      violations.push(`${id(obj)}: unknown kind ${obj.apiVersion} ${obj.kind} (no schema to validate it against)`);
      continue;
    }
    try {
      new Model(structuredClone(obj)).validate();
    } catch (e) {
      const details = (e.errors ?? []).map((err) => `${err.instancePath || "/"} ${err.message}`);
      violations.push(`${id(obj)}: schema: ${details.length > 0 ? details.join("; ") : e.message}`);
    }
  }
}

/** Every pod template of the rendering, with the workload that owns it (the rules hold for any of them). */
function podSpecs(objects) {
  const templates = [];
  for (const obj of objects) {
    const template = ["Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job"].includes(obj.kind)
      ? obj.spec?.template
      : obj.kind === "CronJob" ? obj.spec?.jobTemplate?.spec?.template
        : obj.kind === "Pod" ? { metadata: obj.metadata, spec: obj.spec } : undefined;
    if (template?.spec) {
      templates.push({ owner: obj, pod: template.spec, labels: template.metadata?.labels ?? {} });
    }
  }
  return templates;
}
const sameNamespace = (a, b) => (a.metadata?.namespace ?? "") === (b.metadata?.namespace ?? "");
const matchesLabels = (selector, labels) => Object.entries(selector ?? {}).every(([k, v]) => labels[k] === v);

function checkContainers(objects, violations) {
  for (const { owner, pod } of podSpecs(objects)) {
    for (const container of [...(pod.initContainers ?? []), ...(pod.containers ?? [])]) {
      const where = `${id(owner)} container ${container.name}`;
      const init = (pod.initContainers ?? []).includes(container);
      if (!init) {
        for (const probe of ["livenessProbe", "readinessProbe"]) {
          if (!container[probe]) {
            violations.push(`${where}: no ${probe}`);
          }
        }
      }
      for (const kind of ["requests", "limits"]) {
        for (const resource of ["cpu", "memory"]) {
          if (container.resources?.[kind]?.[resource] === undefined) {
            violations.push(`${where}: no resources.${kind}.${resource}`);
          }
        }
      }
      const ref = typeof container.image === "string" ? parseImage(container.image) : undefined;
      if (!ref) {
        violations.push(`${where}: no image`);
      } else if (!ref.tag && !ref.digest) {
        violations.push(`${where}: image ${container.image} has no tag (pin a version)`);
      } else if (ref.tag === "latest" && !ref.digest) {
        violations.push(`${where}: image ${container.image} uses the tag latest (pin a version)`);
      }
      const ports = container.ports ?? [];
      for (const probe of ["startupProbe", "livenessProbe", "readinessProbe"]) {
        const handler = container[probe]?.httpGet ?? container[probe]?.tcpSocket ?? container[probe]?.grpc;
        if (handler?.port === undefined) {
          continue;
        }
        const found = typeof handler.port === "string"
          ? ports.some((p) => p.name === handler.port)
          : ports.some((p) => p.containerPort === handler.port);
        if (!found) {
          violations.push(`${where}: ${probe} port ${handler.port} is not a port of the container`);
        }
      }
    }
  }
}

function checkScaling(objects, violations) {
  const deployments = objects.filter((obj) => obj.kind === "Deployment");
  for (const worker of deployments.filter((d) => d.metadata?.name === WORKER_DEPLOYMENT)) {
    const scaledBy = objects.some((obj) => obj.kind === "ScaledObject" && sameNamespace(obj, worker)
      && obj.spec?.scaleTargetRef?.name === WORKER_DEPLOYMENT);
    if (!scaledBy) {
      violations.push(`${id(worker)}: no ScaledObject scales it (the workers follow the command topic's lag)`);
    }
  }
  const configMap = objects.find((obj) => obj.kind === "ConfigMap" && obj.metadata?.name === PARTITIONS_CONFIGMAP);
  const partitions = Number.parseInt(configMap?.data?.[PARTITIONS_KEY], 10);
  const concurrency = Number.parseInt(configMap?.data?.[CONCURRENCY_KEY] ?? "1", 10);
  const scalers = objects.filter((obj) => obj.kind === "ScaledObject" || obj.kind === "HorizontalPodAutoscaler");
  for (const scaler of scalers) {
    const ref = scaler.spec?.scaleTargetRef ?? {};
    const kind = ref.kind ?? "Deployment";
    const target = deployments.find((d) => kind === "Deployment" && d.metadata?.name === ref.name && sameNamespace(d, scaler));
    if (!target) {
      violations.push(`${id(scaler)}: scaleTargetRef ${kind}/${ref.name} is no Deployment of this rendering`);
    } else if (target.spec?.replicas !== undefined) {
      violations.push(`${id(target)}: fixed spec.replicas ${target.spec.replicas}, but ${id(scaler)} scales it `
        + "(leave replicas out: every apply would reset what the autoscaler chose)");
    }
    if (scaler.kind !== "ScaledObject") {
      continue;
    }
    if (!(scaler.spec?.minReplicaCount >= 1)) {
      violations.push(`${id(scaler)}: minReplicaCount ${scaler.spec?.minReplicaCount ?? "unset (0)"}: keep at least `
        + "one worker, images must not wait for a cold start");
    }
    for (const [i, trigger] of (scaler.spec?.triggers ?? []).entries()) {
      for (const [key, value] of Object.entries(trigger.metadata ?? {})) {
        if (typeof value !== "string") {
          violations.push(`${id(scaler)}: triggers[${i}].metadata.${key} is ${typeof value} ${JSON.stringify(value)}, `
            + `KEDA reads only strings: write "${value}"`);
        }
      }
      if (trigger.type !== "kafka") {
        continue;
      }
      if (trigger.metadata?.offsetResetPolicy !== "earliest") {
        violations.push(`${id(scaler)}: triggers[${i}].metadata.offsetResetPolicy must be earliest, as the `
          + "worker's consumer (OffsetReset.EARLIEST)");
      }
      const max = scaler.spec?.maxReplicaCount;
      if (Number.isNaN(partitions)) {
        violations.push(`${id(scaler)}: no partition count to hold maxReplicaCount to (ConfigMap/`
          + `${PARTITIONS_CONFIGMAP} key ${PARTITIONS_KEY})`);
      } else if (max === undefined || max * concurrency > partitions) {
        violations.push(`${id(scaler)}: maxReplicaCount ${max ?? "unset (KEDA's default 100)"} x ${concurrency} `
          + `consumer threads (${CONCURRENCY_KEY}) is above the ${partitions} partitions of the topic `
          + `(ConfigMap/${PARTITIONS_CONFIGMAP} ${PARTITIONS_KEY}): the consumers beyond them would get no partition`);
      }
    }
  }
}

function checkReferences(objects, violations) {
  const pods = podSpecs(objects);
  for (const service of objects.filter((obj) => obj.kind === "Service")) {
    const selector = service.spec?.selector;
    const matched = pods.filter((p) => sameNamespace(p.owner, service) && selector && matchesLabels(selector, p.labels));
    if (!selector || Object.keys(selector).length === 0 || matched.length === 0) {
      violations.push(`${id(service)}: selector ${JSON.stringify(selector ?? {})} matches no workload's pods`);
      continue;
    }
    for (const port of service.spec?.ports ?? []) {
      const targetPort = port.targetPort ?? port.port;
      const ports = matched.flatMap((p) => p.pod.containers ?? []).flatMap((c) => c.ports ?? []);
      const found = typeof targetPort === "string" ? ports.some((p) => p.name === targetPort)
        : ports.some((p) => p.containerPort === targetPort);
      if (!found) {
        violations.push(`${id(service)}: targetPort ${targetPort} is no port of the pods it selects`);
      }
    }
  }
  for (const pdb of objects.filter((obj) => obj.kind === "PodDisruptionBudget")) {
    const selector = pdb.spec?.selector?.matchLabels;
    if (!pods.some((p) => sameNamespace(p.owner, pdb) && selector && matchesLabels(selector, p.labels))) {
      violations.push(`${id(pdb)}: selector ${JSON.stringify(selector ?? {})} matches no workload's pods`);
    }
  }
  for (const secret of objects.filter((obj) => obj.kind === "Secret")) {
    for (const field of ["data", "stringData"]) {
      if (secret[field] && Object.keys(secret[field]).length > 0) {
        violations.push(`${id(secret)}: commits values (${field}); create the Secret with kubectl create secret `
          + "generic (k8s/README.md) and only reference it");
      }
    }
  }
}

async function check(dir) {
  let objects;
  try {
    objects = render(dir);
  } catch (e) {
    if (e instanceof RenderError) {
      return { dir, violations: [`cannot render: ${e.message}`] };
    }
    throw e;
  }
  const violations = [];
  await validateSchemas(objects, violations);
  checkContainers(objects, violations);
  checkScaling(objects, violations);
  checkReferences(objects, violations);
  return { dir, objects, violations };
}

const args = process.argv.slice(2);
const renderOnly = args[0] === "--render";
const dirs = renderOnly ? args.slice(1) : args;
if (dirs.length === 0 || (renderOnly && dirs.length !== 1)) {
  console.error("usage: node check.mjs <kustomization dir> [<kustomization dir> ...]\n"
    + "       node check.mjs --render <kustomization dir>   (prints what kubectl apply -k would apply)");
  process.exit(2);
}
if (renderOnly) {
  try {
    console.log(render(dirs[0]).map((obj) => YAML.stringify(obj)).join("---\n").trimEnd());
    process.exit(0);
  } catch (e) {
    if (e instanceof RenderError) {
      console.error(`cannot render: ${e.message}`);
      process.exit(1);
    }
    throw e;
  }
}
let failed = false;
for (const dir of dirs) {
  const { objects, violations } = await check(dir);
  console.log(`== ${dir}`);
  if (objects) {
    const perKind = {};
    objects.forEach((obj) => { perKind[obj.kind] = (perKind[obj.kind] ?? 0) + 1; });
    console.log(`rendered ${objects.length} objects: ${Object.entries(perKind).map(([k, n]) => `${k} ${n}`).join(", ")}`);
    console.log("checked: schemas (Kubernetes, KEDA); probes, requests and limits, pinned images, probe ports; "
      + "the worker scaled by KEDA, autoscaled Deployments without replicas, scale targets, KEDA metadata strings, maxReplicaCount x "
      + "worker-concurrency <= partitions; Service and PodDisruptionBudget selectors, Service target ports; no committed Secret values");
  }
  if (violations.length === 0) {
    console.log("OK: 0 violations");
  } else {
    failed = true;
    console.log(`FAILED: ${violations.length} violation(s)`);
    violations.forEach((v) => console.log(`  - ${v}`));
  }
}
process.exit(failed ? 1 : 0);
