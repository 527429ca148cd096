/**
 * Authentication (JWT bearer tokens, server keys, personal API tokens, and optionally tokens of one external
 * OpenID Connect issuer mapped to provisioned users), users, roles and owner checks.
 */
package io.gef.auth;
