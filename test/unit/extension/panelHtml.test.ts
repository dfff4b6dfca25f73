import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { contentSecurityPolicy, panelHtml } from "../../../src/extension/panelHtml";

const page = { cspSource: "https://x.vscode-cdn.net", nonce: "n0nce", scriptUri: "https://x/dist/webview/panel.js", styleUri: "https://x/media/panel.css" };

describe("panelHtml", () => {
  it("allows only the nonced script and the panel's own files", () => {
    assert.equal(contentSecurityPolicy(page),
      "default-src 'none'; img-src https://x.vscode-cdn.net data:; script-src 'nonce-n0nce'; " +
      "style-src https://x.vscode-cdn.net 'unsafe-inline'; font-src https://x.vscode-cdn.net");
  });

  it("serves the skeleton the webview expects, with no inline script", () => {
    const html = panelHtml(page);
    assert.match(html, /<div id="app"><\/div>/);
    assert.match(html, /<link rel="stylesheet" href="https:\/\/x\/media\/panel\.css">/);
    const scripts = [...html.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
    assert.equal(scripts.length, 1);
    assert.match(scripts[0][1], /nonce="n0nce" src="https:\/\/x\/dist\/webview\/panel\.js"/);
    assert.equal(scripts[0][2], "");
  });

  it("names the panel's file in the page, escaped", () => {
    assert.match(panelHtml({ ...page, file: '/w/a"<b&.ts' }), /<div id="app" data-file="\/w\/a&quot;&lt;b&amp;\.ts"><\/div>/);
  });

  it("keeps a quote in a URI inside its attribute", () => {
    assert.match(panelHtml({ ...page, styleUri: 'a"><script>' }), /href="a&quot;>&lt;script>"/);
  });
});
