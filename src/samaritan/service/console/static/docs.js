// Swagger UI from the vendored bundle, reading this server's own OpenAPI document.
window.ui = SwaggerUIBundle({ url: "/openapi.json", dom_id: "#swagger-ui" });
