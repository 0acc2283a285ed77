// Start the vendored Swagger UI on /openapi.json (a file of its own: the CSP allows no inline script).
window.addEventListener("load", function () {
  window.SwaggerUIBundle({ url: "/openapi.json", dom_id: "#swagger-ui", deepLinking: false });
});
