package dev.tributary.platform.auth;

import dev.tributary.platform.web.ApiException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.stereotype.Component;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Closes every handler not marked {@link InstanceScoped} to callers that came with an Element token alone. */
@Component
class InstanceScopeInterceptor implements HandlerInterceptor, WebMvcConfigurer {

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        Caller caller = CallerArgumentResolver.get(request);
        if (caller != null && caller.instanceOnly() && !(handler instanceof HandlerMethod method && allows(method))) {
            throw ApiException.forbidden(Caller.NEEDS_ORGANIZATION);
        }
        return true;
    }

    private static boolean allows(HandlerMethod method) {
        return method.hasMethodAnnotation(InstanceScoped.class)
                || AnnotatedElementUtils.hasAnnotation(method.getBeanType(), InstanceScoped.class);
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(this).addPathPatterns(ApiAuthenticationFilter.API_PREFIX + "/**");
    }
}
