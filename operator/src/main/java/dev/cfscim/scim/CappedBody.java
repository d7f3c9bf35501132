package dev.cfscim.scim;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import okhttp3.MediaType;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.BufferedSource;

/**
 * An answer's body as text, read through a bound: never more than {@code maxResponseBytes} is
 * held, whatever the server sends or says it will send. A broken or hostile server must not be
 * able to fill the operator's heap with one answer.
 */
final class CappedBody {

    private CappedBody() {
    }

    /** The body, or a PERMANENT {@link ScimException} when it is larger than {@code cap} bytes. */
    static String read(String method, String route, Response response, long cap) throws IOException {
        ResponseBody body = response.body();
        if (body == null) {
            return "";
        }
        long declared = body.contentLength();
        BufferedSource source = body.source();
        // request() buffers at most cap + 1 bytes: enough to know the body is over the cap.
        if (declared > cap || source.request(cap + 1)) {
            throw new ScimException(ScimException.Kind.PERMANENT, response.code(), null, method + " " + route
                    + ": the answer is larger than the response size cap of " + cap + " bytes (maxResponseBytes)"
                    + (declared > cap ? ": it says " + declared + " bytes" : "")
                    + "; it was not read", null, null);
        }
        return source.readString(charsetOf(body));
    }

    private static Charset charsetOf(ResponseBody body) {
        MediaType type = body.contentType();
        Charset charset = type == null ? null : type.charset();
        return charset == null ? StandardCharsets.UTF_8 : charset;
    }
}
