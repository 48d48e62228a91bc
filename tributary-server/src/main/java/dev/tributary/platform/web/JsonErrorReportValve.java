package dev.tributary.platform.web;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.springframework.http.HttpStatus;

/**
 * Tomcat's last word: requests it refuses before any filter runs (a malformed path, say) get the
 * same JSON error body as the rest of the API instead of Tomcat's HTML page.
 */
public class JsonErrorReportValve extends ErrorReportValve {

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        Object requestId = request.getAttribute(RequestIds.ATTRIBUTE);
        if (requestId == null) {
            requestId = RequestIds.newId();
        }
        HttpStatus known = HttpStatus.resolve(status);
        String message = known == null ? "Request failed" : known.getReasonPhrase();
        try {
            response.setContentType("application/json");
            response.setCharacterEncoding(StandardCharsets.UTF_8.name());
            Writer writer = response.getReporter();
            if (writer != null) {
                // Both values are made here from a fixed alphabet: nothing to escape.
                writer.write("{\"message\":\"" + message + "\",\"requestId\":\"" + requestId + "\"}");
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            // The client is gone or the response is committed: nothing more to say.
        }
        response.getCoyoteResponse().action(ActionCode.CLOSE, null);
    }
}
