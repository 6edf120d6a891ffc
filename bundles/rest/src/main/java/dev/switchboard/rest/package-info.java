/**
 * Shared pieces of the REST API: the problem+json error type every resource throws and the names of the
 * JAX-RS extensions resources select.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package dev.switchboard.rest;
