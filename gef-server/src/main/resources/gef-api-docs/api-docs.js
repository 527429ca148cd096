// Renders GEF's OpenAPI document (served by this server) with Swagger UI. "Try it out" sends requests to this
// server; paste a token under "Authorize".
window.ui = SwaggerUIBundle({
  url: '/api/openapi.json',
  dom_id: '#swagger-ui',
  deepLinking: true,
  validatorUrl: null,
});
