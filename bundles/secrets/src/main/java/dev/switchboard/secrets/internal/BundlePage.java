package dev.switchboard.secrets.internal;

import java.util.List;

/** A page of secret bundles by name; {@code nextCursor} is null on the last page. */
public record BundlePage(List<BundleView> items, String nextCursor) {
}
