/** Services: the annotation schema, publishing builds into the trusted registry, and the catalog. */
package io.gef.services;
