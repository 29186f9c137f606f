// Remembered sign-in for realist: keeps the signed session token in a cookie.
//
// Python sends {name, token, max_age} to set the cookie, or {name, clear: true} to delete
// it. Nothing is drawn and nothing is sent back, so the component causes no reruns.
// The cookie is readable by this page's scripts (not HttpOnly: only the server could set
// that); the app writes user text with textContent, never as HTML.

const SAFE = /^[A-Za-z0-9._-]+$/;

export default function (component) {
  const data = component.data || {};
  const name = typeof data.name === "string" && SAFE.test(data.name) ? data.name : "";
  if (!name) return undefined;
  const secure = window.location.protocol === "https:" ? "; Secure" : "";
  const token = typeof data.token === "string" ? data.token : "";
  const maxAge = Math.floor(Number(data.max_age));
  if (token && SAFE.test(token) && maxAge > 0) {
    document.cookie = `${name}=${token}; Path=/; Max-Age=${maxAge}; SameSite=Strict${secure}`;
  } else if (data.clear) {
    document.cookie = `${name}=; Path=/; Max-Age=0; SameSite=Strict${secure}`;
  }
  return undefined;
}
