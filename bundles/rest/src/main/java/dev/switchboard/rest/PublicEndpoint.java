package dev.switchboard.rest;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A resource method (or class) that answers without credentials: health, openapi.json, login, sign-up,
 * invitation acceptance, OAuth callbacks. Credentials sent anyway are still resolved.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface PublicEndpoint {
}
