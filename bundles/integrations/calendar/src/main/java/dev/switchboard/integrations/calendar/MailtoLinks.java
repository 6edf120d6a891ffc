package dev.switchboard.integrations.calendar;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Builds {@code mailto:} URLs (RFC 6068) that mail clients and browsers accept: at most
 * {@value #DEFAULT_LIMIT} characters in all (seed 000: "mailto ~2000 chars"; longer URLs are cut off or
 * refused by several browsers and clients).
 *
 * <p>Encoding: UTF-8, every octet outside the unreserved set ({@code A-Z a-z 0-9 - . _ ~}) percent-encoded,
 * except {@code @} in addresses and {@code ,} between them; spaces are {@code %20} (never {@code +}); every
 * line break of the body, whatever its form, is {@code %0D%0A} (RFC 6068 §5); line breaks and tabs in the
 * subject become spaces, since a header holds one line.
 *
 * <p>Length: recipients and subject are never shortened: when they alone exceed the limit the draft is
 * refused. The body is shortened to fit, at a character boundary (never inside a percent-escape, a surrogate
 * pair or a line break) and ends with {@value #MARKER} then.
 */
final class MailtoLinks {

    static final int DEFAULT_LIMIT = 2000;
    static final String MARKER = "\u2026";
    static final int MAX_RECIPIENTS = 50;

    private static final Pattern LOCAL = Pattern.compile("[\\p{L}\\p{N}!#$%&'*+/=?^_`{|}~-]+(\\.[\\p{L}\\p{N}!#$%&'*+/=?^_`{|}~-]+)*");
    private static final Pattern DOMAIN = Pattern.compile("([\\p{L}\\p{N}]([\\p{L}\\p{N}-]{0,61}[\\p{L}\\p{N}])?\\.)+[\\p{L}\\p{N}][\\p{L}\\p{N}-]{0,61}[\\p{L}\\p{N}]");
    private static final String HEX = "0123456789ABCDEF";
    private static final String CRLF = "%0D%0A";

    /** What to draft; lists may be {@code null} or empty. */
    record Draft(List<String> to, List<String> cc, List<String> bcc, String subject, String body) {
    }

    /** The URL, whether the body was shortened, and the URL's length in characters (all ASCII). */
    record Link(String url, boolean truncated, int length) {
    }

    /** A draft that cannot become a URL; {@link #field()} names the input at fault. */
    static final class MailtoException extends Exception {
        private static final long serialVersionUID = 1L;
        private final String code;
        private final String field;

        MailtoException(String code, String field, String message) {
            super(message);
            this.code = code;
            this.field = field;
        }

        String code() {
            return code;
        }

        String field() {
            return field;
        }
    }

    private MailtoLinks() {
    }

    static Link build(Draft draft) throws MailtoException {
        return build(draft, DEFAULT_LIMIT);
    }

    static Link build(Draft draft, int limit) throws MailtoException {
        StringBuilder url = new StringBuilder("mailto:").append(addresses("to", draft.to()));
        List<String> fields = new ArrayList<>();
        if (draft.cc() != null && !draft.cc().isEmpty()) {
            fields.add("cc=" + addresses("cc", draft.cc()));
        }
        if (draft.bcc() != null && !draft.bcc().isEmpty()) {
            fields.add("bcc=" + addresses("bcc", draft.bcc()));
        }
        if (draft.subject() != null && !draft.subject().isEmpty()) {
            fields.add("subject=" + encode(draft.subject().replaceAll("[\\r\\n\\t]+", " ")));
        }
        for (String field : fields) {
            url.append(url.indexOf("?") < 0 ? '?' : '&').append(field);
        }
        if (url.length() > limit) {
            throw new MailtoException("mailto_too_long", "subject", "recipients and subject alone are "
                    + url.length() + " characters, more than the " + limit + " a mailto link may have");
        }
        String body = draft.body() == null ? "" : draft.body();
        if (body.isEmpty()) {
            return link(url, false);
        }
        String prefix = (url.indexOf("?") < 0 ? "?" : "&") + "body=";
        List<String> pieces = bodyPieces(body);
        int full = pieces.stream().mapToInt(String::length).sum();
        if (url.length() + prefix.length() + full <= limit) {
            url.append(prefix);
            pieces.forEach(url::append);
            return link(url, false);
        }
        String marker = encode(MARKER);
        int budget = limit - url.length() - prefix.length() - marker.length();
        if (budget < 0) {
            return link(url, true);
        }
        url.append(prefix);
        int used = 0;
        for (String piece : pieces) {
            if (used + piece.length() > budget) {
                break;
            }
            url.append(piece);
            used += piece.length();
        }
        url.append(marker);
        return link(url, true);
    }

    private static Link link(StringBuilder url, boolean truncated) {
        return new Link(url.toString(), truncated, url.length());
    }

    /** The body as encoded units: one per code point, one per line break; no unit is ever split. */
    private static List<String> bodyPieces(String body) {
        List<String> pieces = new ArrayList<>();
        int i = 0;
        while (i < body.length()) {
            char c = body.charAt(i);
            if (c == '\r' || c == '\n') {
                pieces.add(CRLF);
                i += c == '\r' && i + 1 < body.length() && body.charAt(i + 1) == '\n' ? 2 : 1;
                continue;
            }
            int codePoint = body.codePointAt(i);
            int length = Character.charCount(codePoint);
            pieces.add(encode(body.substring(i, i + length)));
            i += length;
        }
        return pieces;
    }

    private static String addresses(String field, List<String> addresses) throws MailtoException {
        if (addresses == null || addresses.isEmpty()) {
            return "";
        }
        if (addresses.size() > MAX_RECIPIENTS) {
            throw new MailtoException("mailto_address_invalid", field, "at most " + MAX_RECIPIENTS + " addresses");
        }
        List<String> encoded = new ArrayList<>();
        for (String address : addresses) {
            String trimmed = address == null ? "" : address.strip();
            if (!isAddress(trimmed)) {
                throw new MailtoException("mailto_address_invalid", field, "must be plain email addresses such as"
                        + " name@example.com");
            }
            int at = trimmed.lastIndexOf('@');
            encoded.add(encode(trimmed.substring(0, at)) + "@" + encode(trimmed.substring(at + 1).toLowerCase(Locale.ROOT)));
        }
        return String.join(",", encoded);
    }

    /** An addr-spec with a dot-atom local part and a domain name (no quoted local parts, no IP literals). */
    static boolean isAddress(String address) {
        int at = address.lastIndexOf('@');
        if (at <= 0 || at == address.length() - 1 || address.length() > 254) {
            return false;
        }
        String local = address.substring(0, at);
        String domain = address.substring(at + 1);
        return local.length() <= 64 && LOCAL.matcher(local).matches() && DOMAIN.matcher(domain).matches();
    }

    /** Percent-encodes every UTF-8 octet outside the unreserved set (RFC 3986 §2.3). */
    static String encode(String text) {
        StringBuilder out = new StringBuilder(text.length() * 3);
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            int octet = b & 0xff;
            if ((octet >= 'A' && octet <= 'Z') || (octet >= 'a' && octet <= 'z') || (octet >= '0' && octet <= '9')
                    || octet == '-' || octet == '.' || octet == '_' || octet == '~') {
                out.append((char) octet);
            } else {
                out.append('%').append(HEX.charAt(octet >> 4)).append(HEX.charAt(octet & 0xf));
            }
        }
        return out.toString();
    }
}
