package dev.tributary.platform.web;

import java.util.List;
import java.util.stream.Collectors;

import jakarta.servlet.http.HttpServletRequest;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.lang.Nullable;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.NoHandlerFoundException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.servlet.resource.NoResourceFoundException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/** Turns every failure in a handler into the SPEC 2.2 error body; stack traces stay in the log. */
@RestControllerAdvice
class ApiExceptionHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

    @ExceptionHandler(ApiException.class)
    ResponseEntity<Object> handleApiException(ApiException e, HttpServletRequest request) {
        log.info("{} {} answered {}: {}", request.getMethod(), LoggedPaths.of(request), e.status().value(), e.getMessage());
        return body(e.status(), new ApiError(e.getMessage(), RequestIds.of(request), e.providerMessage()), new HttpHeaders());
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<Object> handleTypeMismatch(MethodArgumentTypeMismatchException e, HttpServletRequest request) {
        String expected = e.getRequiredType() == null ? "another type" : e.getRequiredType().getSimpleName().toLowerCase();
        String message = "'" + e.getName() + "' must be a " + (isNumber(e.getRequiredType()) ? "number" : expected);
        return body(HttpStatus.BAD_REQUEST, new ApiError(message, RequestIds.of(request)), new HttpHeaders());
    }

    /** Tomcat decodes query parameters lazily, so a malformed query string surfaces inside a handler. */
    @ExceptionHandler(InvalidParameterException.class)
    ResponseEntity<Object> handleInvalidParameters(InvalidParameterException e, HttpServletRequest request) {
        // Tomcat's message quotes the parameter's value, which may be a secret (oauth/url takes apiSecret).
        log.info("{} {} answered 400: malformed query string", request.getMethod(), LoggedPaths.of(request));
        return body(HttpStatus.BAD_REQUEST, new ApiError(
                "Query string could not be read: parameters must be percent-encoded UTF-8", RequestIds.of(request)),
                new HttpHeaders());
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Object> handleUnexpected(Exception e, HttpServletRequest request) {
        log.error("Unexpected failure serving {} {}", request.getMethod(), LoggedPaths.of(request), e);
        return body(HttpStatus.INTERNAL_SERVER_ERROR,
                new ApiError("Internal error; the server log has the details under this requestId", RequestIds.of(request)),
                new HttpHeaders());
    }

    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception e, @Nullable Object body, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        HttpServletRequest servletRequest = ((NativeWebRequest) request).getNativeRequest(HttpServletRequest.class);
        String requestId = servletRequest == null ? "unknown" : RequestIds.of(servletRequest);
        if (isBodyTooLarge(e)) {
            headers.set(HttpHeaders.CONNECTION, "close");
            return body(HttpStatus.CONTENT_TOO_LARGE, new ApiError("Request body is larger than the limit", requestId), headers);
        }
        if (causedBy(e, BodySizeLimitFilter.BodyTooSlowException.class)) {
            headers.set(HttpHeaders.CONNECTION, "close");
            return body(HttpStatus.REQUEST_TIMEOUT,
                    new ApiError(BodySizeLimitFilter.BodyTooSlowException.MESSAGE, requestId), headers);
        }
        if (status.is5xxServerError()) {
            log.error("Failure serving request", e);
        }
        return body(status, new ApiError(messageFor(e, status), requestId), headers);
    }

    private static ResponseEntity<Object> body(HttpStatusCode status, ApiError error, HttpHeaders headers) {
        HttpHeaders answer = new HttpHeaders();
        headers.forEach(answer::addAll);
        // Set explicitly so the error can be written whatever the client said it accepts.
        answer.setContentType(MediaType.APPLICATION_JSON);
        return new ResponseEntity<>(error, answer, status);
    }

    private static String messageFor(Exception e, HttpStatusCode status) {
        if (e instanceof NoHandlerFoundException nf) {
            return "No such resource: " + nf.getHttpMethod() + " " + nf.getRequestURL();
        }
        if (e instanceof NoResourceFoundException nr) {
            return "No such resource: " + nr.getHttpMethod() + " /" + nr.getResourcePath();
        }
        if (e instanceof HttpRequestMethodNotSupportedException m) {
            return "Method " + m.getMethod() + " is not allowed here; allowed: "
                    + String.join(", ", m.getSupportedMethods() == null ? new String[0] : m.getSupportedMethods());
        }
        if (e instanceof HttpMediaTypeNotSupportedException m) {
            return "Content-Type " + (m.getContentType() == null ? "(none)" : m.getContentType())
                    + " is not supported; send application/json";
        }
        if (e instanceof HttpMediaTypeNotAcceptableException) {
            return "This resource answers application/json only";
        }
        if (e instanceof HttpMessageNotReadableException) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof UnrecognizedPropertyException unknown) {
                    return JsonFields.unknownMessage("the request body", List.of(unknown.getPropertyName()),
                            unknown.getKnownPropertyIds().stream().map(String::valueOf).sorted().toList());
                }
                if (t instanceof StreamReadException read && read.getOriginalMessage() != null
                        && read.getOriginalMessage().startsWith("Duplicate Object property")) {
                    return "Request body names the property "
                            + read.getOriginalMessage().substring("Duplicate Object property".length()).strip() + " twice";
                }
            }
            return "Request body is missing or is not valid JSON of the expected shape";
        }
        if (e instanceof MethodArgumentNotValidException invalid) {
            return invalid.getBindingResult().getFieldErrors().stream()
                    .map(f -> f.getField() + ": " + f.getDefaultMessage())
                    .sorted()
                    .collect(Collectors.joining("; "));
        }
        if (e instanceof MissingServletRequestParameterException missing) {
            return "Query parameter '" + missing.getParameterName() + "' is required";
        }
        HttpStatus known = HttpStatus.resolve(status.value());
        return known == null ? "Request failed" : known.getReasonPhrase();
    }

    private static boolean isBodyTooLarge(Throwable e) {
        return causedBy(e, BodySizeLimitFilter.BodyTooLargeException.class);
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isNumber(Class<?> type) {
        return type != null && (Number.class.isAssignableFrom(type) || type == long.class || type == int.class);
    }
}
