// Open an EPUB in epub.js (the engine of many reading apps) in Debian's Chromium, as a phone
// shows it, and measure what a reader sees: word spaces of justified lines, the timeline's label
// sizes, and screenshots.
//
//   node epubjs.mjs BOOK.epub OUT_DIR [WIDTH=400] [LABEL_WIDTH=360]
//
// Prints one JSON object. Only 127.0.0.1 is served; Chromium runs without background networking.
import http from "node:http";
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";

// The packages live where scripts/readers.sh installed them (.tools/readers), not beside this file.
const require = createRequire(path.join(process.env.BOOKGEN_READERS_DIR || process.cwd(), "index.js"));
const { chromium } = require("playwright-core");
const [epubPath, outDir, widthArg, labelArg] = process.argv.slice(2);
const WIDTH = Number(widthArg || 400), LABEL_WIDTH = Number(labelArg || 360), HEIGHT = 760;
const modules = path.dirname(require.resolve("epubjs/package.json")).replace(/epubjs$/, "");

const VIEWER = `<!DOCTYPE html><html><head><meta charset="utf-8">
<script src="/m/jszip/dist/jszip.min.js"></script><script src="/m/epubjs/dist/epub.min.js"></script>
<style>html,body{margin:0;padding:0} #viewer{width:100vw;height:100vh}</style></head>
<body><div id="viewer"></div></body></html>`;

function serve() {
  const server = http.createServer((req, res) => {
    const url = decodeURIComponent(req.url.split("?")[0]);
    let file = null, type = "application/octet-stream";
    if (url === "/") { res.writeHead(200, { "content-type": "text/html" }); return res.end(VIEWER); }
    if (url === "/book.epub") file = epubPath, type = "application/epub+zip";
    else if (url.startsWith("/m/")) {
      file = path.join(modules, path.normalize(url.slice(3)));
      if (!file.startsWith(modules)) file = null;
      type = "text/javascript";
    }
    if (!file || !fs.existsSync(file)) { res.writeHead(404); return res.end(); }
    res.writeHead(200, { "content-type": type });
    fs.createReadStream(file).pipe(res);
  });
  return new Promise((ok) => server.listen(0, "127.0.0.1", () => ok(server)));
}

// Runs inside a chapter's document: every justified line's widest word space over the font's
// own space (canvas measureText in the paragraph's font), lines grouped by their top edge.
function measureJustified() {
  const canvas = document.createElement("canvas").getContext("2d");
  const lines = [];
  for (const p of document.querySelectorAll("p")) {
    const style = getComputedStyle(p);
    if (style.textAlign !== "justify") continue;
    canvas.font = `${style.fontStyle} ${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
    const normal = canvas.measureText(" ").width + (parseFloat(style.wordSpacing) || 0);
    const byLine = new Map();
    const walker = document.createTreeWalker(p, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (let i = 0; i < node.data.length; i++) {
        if (node.data[i] !== " ") continue;
        const range = document.createRange();
        range.setStart(node, i); range.setEnd(node, i + 1);
        const rect = range.getBoundingClientRect();
        if (rect.width <= 0.01) continue; // a space that ends a line
        const top = Math.round(rect.top);
        byLine.set(top, Math.max(byLine.get(top) || 0, rect.width / normal));
      }
    }
    const tops = [...byLine.keys()].sort((a, b) => a - b);
    tops.pop(); // the paragraph's last line is not justified
    for (const top of tops) lines.push(byLine.get(top));
  }
  return lines;
}

// Runs inside the timeline document: the rendered size of every SVG label, in CSS pixels.
function measureLabels() {
  return [...document.querySelectorAll("svg text")].map((t) => {
    const size = parseFloat(getComputedStyle(t).fontSize);
    const scale = t.getScreenCTM() ? t.getScreenCTM().a : 1;
    return { text: t.textContent.trim().slice(0, 60), px: +(size * scale).toFixed(2) };
  }).filter((l) => l.text);
}

async function openBook(page, width, flow) {
  await page.setViewportSize({ width, height: HEIGHT });
  await page.goto(`http://127.0.0.1:${page.port}/`);
  await page.evaluate(async (flow) => {
    window.book = ePub("/book.epub");
    window.rendition = book.renderTo("viewer", { width: "100%", height: "100%", flow,
                                                 spread: "none" });
    await book.ready;
  }, flow);
  return page.evaluate(() => book.spine.spineItems.map((s) => s.href));
}

async function show(page, href) {
  await page.evaluate(async (href) => { await rendition.display(href); }, href);
  await page.waitForTimeout(150);
  const frame = page.frames().find((f) => f !== page.mainFrame());
  await frame.evaluate(() => document.fonts && document.fonts.ready);
  return frame;
}

const server = await serve();
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
const result = { width: WIDTH, label_width: LABEL_WIDTH, documents: [], labels: [] };
try {
  const page = await browser.newPage();
  page.port = server.address().port;
  fs.mkdirSync(outDir, { recursive: true });
  const hrefs = await openBook(page, WIDTH, "scrolled-doc");
  let shot = 0;
  for (const href of hrefs) {
    const frame = await show(page, href);
    const lines = await frame.evaluate(measureJustified);
    result.documents.push({ href, lines: lines.length,
                            wide: lines.filter((r) => r > 2).length,
                            worst: lines.length ? Math.max(...lines) : 0 });
    const prose = await frame.evaluate(() => document.querySelectorAll("p").length > 3);
    if (prose && shot++ < 2) await page.screenshot({ path: path.join(outDir, `epubjs-${shot}.png`) });
  }
  const timeline = hrefs.find((h) => /timeline/.test(h));
  if (timeline) {
    await openBook(page, LABEL_WIDTH, "scrolled-doc");
    const frame = await show(page, timeline);
    result.labels = await frame.evaluate(measureLabels);
    await page.screenshot({ path: path.join(outDir, "epubjs-timeline.png") });
  }
} finally {
  await browser.close();
  server.close();
}
console.log(JSON.stringify(result));
