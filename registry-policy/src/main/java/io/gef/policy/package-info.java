/** Registry policy: which images may be published and run, with which limits; deny by default. */
package io.gef.policy;
