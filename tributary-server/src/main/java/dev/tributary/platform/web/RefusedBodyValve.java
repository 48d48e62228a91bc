package dev.tributary.platform.web;

import java.io.IOException;

import jakarta.servlet.ServletException;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;
import org.apache.coyote.ActionCode;

/**
 * Once the application has refused a body part-way (too large, too slow), tells Tomcat not to read
 * the rest: otherwise Tomcat drains it before the answer leaves, and a client trickling bytes
 * would hold the thread, and never see its 408, for as long as it kept trickling.
 */
class RefusedBodyValve extends ValveBase {

    /** Request attribute that marks a body as refused. */
    static final String REFUSED = RefusedBodyValve.class.getName() + ".refused";

    RefusedBodyValve() {
        super(true);
    }

    @Override
    public void invoke(Request request, Response response) throws IOException, ServletException {
        getNext().invoke(request, response);
        if (request.getAttribute(REFUSED) != null) {
            // Also ends the connection after the answer: what is left of the body cannot be skipped.
            request.getCoyoteRequest().action(ActionCode.DISABLE_SWALLOW_INPUT, null);
            // Tomcat counts that as an error; the answer to it is already written, so none is added.
            response.setErrorReported();
        }
    }
}
