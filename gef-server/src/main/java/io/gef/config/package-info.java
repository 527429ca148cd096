/** Server configuration: embedded defaults, an optional file and environment overrides, frozen at start-up. */
package io.gef.config;
