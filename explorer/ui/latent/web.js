// The Latent page's browser side (explorer/ui/latent/browser.py). The generator's ONNX graph runs
// here, in onnxruntime-web (WebAssembly, shipped with the app in explorer/static/onnxruntime-web/),
// so a slider move is worked out and painted in the browser and costs the server nothing. Python
// sends the graph's URL, the latent points and the directions; only a failure is sent back.
//
// Three views share this file: "walk" (A → B: the frame at t and the strip), "directions" (eight
// samples moved along G's principal directions) and "arithmetic" (eight samples plus k·vector).
// The judge's graph reads every picture after it is painted, so its verdict may lag one frame.

const runtimes = new Map(); // runtime folder URL → Promise<ort>
const models = new Map(); // graph URL → Promise<Model>

// Python gives paths from the server's root; this module may have been loaded from a blob: URL,
// against which a path means nothing, so each is made a full URL against the page's
const absolute = (path) => new URL(path, document.baseURI).href;

// Streamlit gzips what it serves on every request unless it is gzip already: the runtime and
// the graphs are shipped gzipped, and unpacked here
async function fetchBytes(path) {
  const response = await fetch(absolute(path));
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
  const body = path.endsWith(".gz") ? response.body.pipeThrough(new DecompressionStream("gzip")) : response.body;
  return new Uint8Array(await new Response(body).arrayBuffer());
}

function loadRuntime(base) {
  if (!runtimes.has(base)) {
    const loading = (async () => {
      const [ort, wasm] = await Promise.all([import(absolute(base + "ort.wasm.bundle.min.mjs")),
                                             fetchBytes(base + "ort-wasm-simd-threaded.wasm.gz")]);
      ort.env.wasm.wasmBinary = wasm; // the WebAssembly loader is bundled in the .mjs: nothing else is fetched
      ort.env.wasm.numThreads = 1; // more threads need a cross-origin-isolated page
      return ort;
    })();
    loading.catch(() => runtimes.delete(base)); // a later mount tries again
    runtimes.set(base, loading);
  }
  return runtimes.get(base);
}

class Model {
  constructor(ort, session) {
    this.ort = ort;
    this.session = session;
    this.queue = Promise.resolve();
  }

  // [n, ...shape] float32 in → { data, dims } out; one run at a time (a session is not re-entrant)
  run(data, dims) {
    const go = async () => {
      const input = new this.ort.Tensor("float32", data, dims);
      const out = await this.session.run({ [this.session.inputNames[0]]: input });
      const tensor = out[this.session.outputNames[0]];
      return { data: tensor.data, dims: tensor.dims };
    };
    const result = this.queue.then(go, go);
    this.queue = result.catch(() => {});
    return result;
  }
}

const KEEP_MODELS = 4; // a live run sends a new graph per epoch: older sessions are released

function loadModel(base, url) {
  const known = models.get(url);
  if (known) {
    models.delete(url); // the most recently used last
    models.set(url, known);
    return known;
  }
  while (models.size >= KEEP_MODELS) { // the views use two at a time: G and the judge
    const [oldest, old] = models.entries().next().value;
    models.delete(oldest);
    old.then((model) => model.queue.then(() => model.session.release())).catch(() => {});
  }
  const loading = (async () => {
    const [ort, graph] = await Promise.all([loadRuntime(base), fetchBytes(url)]);
    return new Model(ort, await ort.InferenceSession.create(graph, { executionProviders: ["wasm"] }));
  })();
  loading.catch(() => models.delete(url));
  models.set(url, loading);
  return loading;
}

// --- latent points (the same formulas as explorer/gan/latent.py) ----------------------------
const norm = (v) => Math.sqrt(v.reduce((sum, x) => sum + x * x, 0));

function lerp(a, b, t) {
  return a.map((x, i) => x + (b[i] - x) * t);
}

function slerp(a, b, t) {
  const na = norm(a), nb = norm(b);
  let cos = 0;
  for (let i = 0; i < a.length; i++) cos += (a[i] / na) * (b[i] / nb);
  const omega = Math.acos(Math.min(Math.max(cos, -1 + 1e-7), 1 - 1e-7));
  if (omega < 1e-4) return lerp(a, b, t);
  const wa = Math.sin((1 - t) * omega) / Math.sin(omega), wb = Math.sin(t * omega) / Math.sin(omega);
  const radius = na + (nb - na) * t;
  return a.map((x, i) => (wa * (x / na) + wb * (b[i] / nb)) * radius);
}

const between = (d, t) => (d.mode === "lerp" ? lerp : slerp)(d.a, d.b, t);

function batch(points) {
  const dim = points[0].length, data = new Float32Array(points.length * dim);
  points.forEach((p, i) => data.set(p, i * dim));
  return [data, [points.length, dim]];
}

// --- pictures ------------------------------------------------------------------------------
// [n, C, H, W] in [-1, 1] → one canvas, `cols` per row, 2 white pixels between (as grid_png)
function paint(canvas, images, cols) {
  const [n, c, h, w] = images.dims, pad = 2, rows = Math.ceil(n / cols);
  canvas.width = cols * (w + pad) + pad;
  canvas.height = rows * (h + pad) + pad;
  const pen = canvas.getContext("2d");
  const picture = pen.createImageData(canvas.width, canvas.height);
  picture.data.fill(255);
  const px = images.data, plane = h * w;
  for (let k = 0; k < n; k++) {
    const x0 = pad + (k % cols) * (w + pad), y0 = pad + Math.floor(k / cols) * (h + pad);
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        const at = ((y0 + y) * canvas.width + x0 + x) * 4, from = k * c * plane + y * w + x;
        for (let ch = 0; ch < 3; ch++) {
          const v = px[from + (c === 3 ? ch * plane : 0)];
          picture.data[at + ch] = Math.round(Math.min(Math.max((v + 1) / 2, 0), 1) * 255);
        }
      }
    }
  }
  pen.putImageData(picture, 0, 0);
}

// the judge's (digit, confidence) for each picture, or null when there is no judge or no digits
async function read(view, images) {
  const [n, c, h, w] = images.dims;
  if (!view.judge || c !== 1 || h !== 28 || w !== 28) return null;
  const probs = (await view.judge.run(images.data, images.dims)).data;
  return Array.from({ length: n }, (_, k) => {
    const row = probs.subarray(k * 10, k * 10 + 10);
    const digit = row.indexOf(Math.max(...row));
    return [digit, row[digit]];
  });
}

// numbers written the page's language's way (data.lang, the same locale as the server's Babel):
// "98%" and "0.50" in English, "98 %" and "0,50" in Russian
let locale = "en";
const percent = (x) => new Intl.NumberFormat(locale, { style: "percent" }).format(x);
const fixed = (x) => new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(x);

// run `render(value)` for the newest value only: moves made while a picture is being worked out
// are folded into the next one, so a fast drag never queues up stale frames
function newest(render, fail) {
  let wanted = null, busy = false;
  return (value) => {
    wanted = { value };
    if (busy) return;
    busy = true;
    (async () => {
      while (wanted) {
        const { value: v } = wanted;
        wanted = null;
        try {
          await render(v);
        } catch (error) {
          fail(error);
        }
      }
      busy = false;
    })();
  };
}

function slider(label, min, max, step, value) {
  const row = document.createElement("label");
  row.className = "slider";
  row.innerHTML = `<span class="name"></span><input type="range"><output></output>`;
  row.querySelector(".name").textContent = label;
  const input = row.querySelector("input");
  Object.assign(input, { min, max, step, value });
  const show = () => (row.querySelector("output").textContent = fixed(Number(input.value)));
  input.addEventListener("input", show);
  show();
  return [row, input];
}

// a slider let go: its value written into the page's link (as Streamlit does for its own widgets,
// and under the same names), so that a link shows the same view; left out when at its default
function remember(input, name, initial) {
  input.addEventListener("change", () => {
    const url = new URL(window.location.href);
    if (Number(input.value) === initial) url.searchParams.delete(name);
    else url.searchParams.set(name, String(Number(input.value)));
    history.replaceState(history.state, "", url);
  });
}

// a picture changed: counted on the element, and announced to the page (tests and bench/ wait on it)
function painted(root, view) {
  root.dataset.painted = String(Number(root.dataset.painted || 0) + 1);
  window.dispatchEvent(new CustomEvent("latent-web-painted", { detail: view }));
}

// --- the three views -------------------------------------------------------------------------
function buildWalk(root, view) {
  const w = view.data.words;
  root.innerHTML = `
    <div class="walk">
      <figure class="here"><canvas class="frame big" data-testid="walk-frame"></canvas><figcaption></figcaption></figure>
      <div class="side"><div class="sliders"></div><canvas class="strip" data-testid="walk-strip"></canvas>
        <div class="labels"></div></div>
    </div>`;
  const [row, t] = slider(`t  (${w.t_help})`, 0, 1, 0.01, view.data.t);
  t.dataset.testid = "walk-t";
  remember(t, "latent_t", 0.5);
  root.querySelector(".sliders").append(row);
  const frame = root.querySelector(".frame"), caption = root.querySelector("figcaption");
  const here = newest(async (value) => {
    const d = view.data;
    const images = await view.G.run(...batch([between(d, value)]));
    paint(frame, images, 1);
    painted(root, "walk");
    const said = await read(view, images);
    caption.innerHTML = said ? `<b>${said[0][0]}</b> · ${percent(said[0][1])}` : `t = ${fixed(value)}`;
  }, view.fail);
  t.addEventListener("input", () => here(Number(t.value)));
  view.update = async () => {
    const d = view.data;
    here(Number(t.value));
    const ts = Array.from({ length: d.frames }, (_, i) => i / (d.frames - 1));
    const images = await view.G.run(...batch(ts.map((x) => between(d, x))));
    const strip = root.querySelector(".strip");
    paint(strip, images, d.frames);
    const said = await read(view, images);
    const labels = root.querySelector(".labels");
    labels.style.gridTemplateColumns = `repeat(${d.frames}, 1fr)`;
    labels.innerHTML = said ? said.map(([digit, p]) => `<span><b>${digit}</b> · ${percent(p)}</span>`).join("") : "";
  };
}

// sliders on the left, a grid of pictures with the judge's reading under it on the right
function gridView(root, testid) {
  root.innerHTML = `
    <div class="grid-view">
      <div class="sliders"></div>
      <figure><canvas class="grid" data-testid="${testid}"></canvas><figcaption></figcaption></figure>
    </div>`;
}

function buildDirections(root, view) {
  const w = view.data.words;
  gridView(root, "directions-grid");
  const box = root.querySelector(".sliders"), inputs = [];
  view.data.names.forEach((name, i) => {
    const [row, input] = slider(name, -3, 3, 0.05, view.data.amounts[i]);
    input.dataset.testid = `direction-${i}`;
    remember(input, `latent_d${i}`, 0);
    box.append(row);
    inputs.push(input);
  });
  const [psiRow, psi] = slider(w.psi, 0, 1.5, 0.01, view.data.psi);
  psi.title = w.psi_help;
  psi.dataset.testid = "psi";
  remember(psi, "latent_psi", 1);
  box.append(psiRow);
  const centre = document.createElement("button");
  centre.type = "button";
  centre.textContent = w.centre;
  box.append(centre);
  const draw = newest(async () => {
    const d = view.data, amounts = inputs.map((input) => Number(input.value)), k = Number(psi.value);
    const points = d.z.map((z) => z.map((x, j) =>
      x * k + amounts.reduce((sum, a, i) => sum + a * d.spread[i] * d.vectors[i][j], 0)));
    const images = await view.G.run(...batch(points));
    paint(root.querySelector(".grid"), images, 4);
    painted(root, "directions");
    const said = await read(view, images);
    root.querySelector("figcaption").textContent = said ? w.reads.replace("{digits}", said.map(([digit]) => digit).join(" ")) : "";
  }, view.fail);
  [...inputs, psi].forEach((input) => input.addEventListener("input", () => draw()));
  centre.addEventListener("click", () => {
    for (const [input, value] of [...inputs.map((input) => [input, 0]), [psi, 1]]) {
      input.value = value;
      input.dispatchEvent(new Event("input"));
      input.dispatchEvent(new Event("change"));
    }
  });
  view.update = async () => draw();
}

function buildArithmetic(root, view) {
  const w = view.data.words;
  gridView(root, "arithmetic-grid");
  const [row, k] = slider(w.strength, 0, 2, 0.01, view.data.k);
  k.dataset.testid = "arithmetic-k";
  remember(k, "latent_arith_k", 1);
  root.querySelector(".sliders").append(row);
  let before = null;
  const draw = newest(async (value) => {
    const d = view.data;
    const after = await view.G.run(...batch(d.z.map((z) => z.map((x, j) => x + value * d.vector[j]))));
    const both = new Float32Array(before.data.length + after.data.length);
    both.set(before.data);
    both.set(after.data, before.data.length);
    const images = { data: both, dims: [before.dims[0] + after.dims[0], ...after.dims.slice(1)] };
    paint(root.querySelector(".grid"), images, d.z.length);
    painted(root, "arithmetic");
    const said = await read(view, images);
    if (said) {
      const digits = said.map(([digit]) => digit), n = d.z.length;
      root.querySelector("figcaption").textContent =
        w.rows.replace("{top}", digits.slice(0, n).join(" ")).replace("{bottom}", digits.slice(n).join(" "));
    }
  }, view.fail);
  k.addEventListener("input", () => draw(Number(k.value)));
  view.update = async () => {
    before = await view.G.run(...batch(view.data.z));
    draw(Number(k.value));
  };
}

const BUILD = { walk: buildWalk, directions: buildDirections, arithmetic: buildArithmetic };

export default function (component) {
  const { parentElement, setStateValue, data } = component;
  const root = parentElement.querySelector(".latent-web");
  const status = parentElement.querySelector(".status");
  const fail = (error) => {
    const message = String((error && error.message) || error);
    status.textContent = data.words.failed;
    status.hidden = false;
    root.dataset.failed = message;
    setStateValue("failed", message);
  };
  if (typeof WebAssembly !== "object") {
    fail("no WebAssembly"); // browser.py NO_WASM
    return;
  }
  locale = data.lang || "en";
  let view = root.__view;
  // what the view is built from (the page's language included); anything else only redraws it
  const shape = JSON.stringify([data.view, data.model, data.judge, data.names || null, data.words, locale]);
  if (!view || view.shape !== shape) {
    view = root.__view = { shape, data, fail, G: null, judge: null, update: null };
    status.textContent = data.words.loading;
    status.hidden = false;
    BUILD[data.view](root, view);
  }
  view.data = data;
  view.fail = fail;
  const same = JSON.stringify(data);
  if (view.shown === same) return; // a rerun that changed nothing here
  view.shown = same;
  (async () => {
    try {
      [view.G, view.judge] = await Promise.all([loadModel(data.runtime, data.model),
                                                data.judge ? loadModel(data.runtime, data.judge) : null]);
      await view.update();
      status.hidden = true;
      root.dataset.ready = "1";
    } catch (error) {
      fail(error);
    }
  })();
}
