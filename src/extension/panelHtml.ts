// The graph panel's one HTML page, the skeleton src/webview/main.ts documents. Pure: unit-tested in plain node.
// Set once per panel; every later update travels by postMessage, so the page is never rebuilt.

export interface PanelPage {
  /** `webview.cspSource`: the origin the panel's own files are served from. */
  cspSource: string;
  /** A fresh random nonce per page: the only script allowed to run carries it. */
  nonce: string;
  scriptUri: string;
  styleUri: string;
  /**
   * The model file the panel is for. The page keeps it in its state at once, so a window closed before the first
   * run was drawn still brings the panel back for its file (VS Code revives a panel from that state alone).
   */
  file?: string;
}

/** Mermaid writes a <style> into each SVG, hence 'unsafe-inline' for styles only; no inline script runs. */
export function contentSecurityPolicy(p: Pick<PanelPage, "cspSource" | "nonce">): string {
  return [
    "default-src 'none'",
    `img-src ${p.cspSource} data:`,
    `script-src 'nonce-${p.nonce}'`,
    `style-src ${p.cspSource} 'unsafe-inline'`,
    `font-src ${p.cspSource}`,
  ].join("; ");
}

export function panelHtml(p: PanelPage): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="UTF-8">
  <meta http-equiv="Content-Security-Policy" content="${attr(contentSecurityPolicy(p))}">
  <meta name="viewport" content="width=device-width, initial-scale=1.0">
  <link rel="stylesheet" href="${attr(p.styleUri)}">
  <title>gradlens</title>
</head>
<body>
  <div id="app"${p.file === undefined ? "" : ` data-file="${attr(p.file)}"`}></div>
  <script nonce="${attr(p.nonce)}" src="${attr(p.scriptUri)}"></script>
</body>
</html>`;
}

/** Webview URIs are ours, not the user's, but an attribute is still no place for a stray quote. */
const attr = (s: string) => s.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");
