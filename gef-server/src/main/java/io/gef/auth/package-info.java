/** Authentication (JWT bearer tokens, server keys, personal API tokens), users, roles and owner checks. */
package io.gef.auth;
