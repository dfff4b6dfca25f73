// The readable report, for the CLI (which may import only the runner and protocol layers).
export { renderText } from "../gradcheck/render";
