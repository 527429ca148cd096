/**
 * The audit log: who (user id and name), what (action and target), when and from where (client address) for every
 * change to users, tokens, datasets and their grants, and publishing. Written to the database after the change it
 * records; read by admins only ({@code GET /api/audit}).
 */
package io.gef.audit;
