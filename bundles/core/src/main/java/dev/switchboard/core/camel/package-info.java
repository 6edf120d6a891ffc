/**
 * The engine's one Camel context. Bundles contribute routes by registering a {@link org.apache.camel.RoutesBuilder}
 * service with the property {@value dev.switchboard.core.camel.EngineRoutes#PROPERTY}{@code =true}; the routes
 * start when the service appears and are removed when it goes.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package dev.switchboard.core.camel;
