package io.marketbus.support.authz;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Map;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;

/** Evaluates {@link RequiresPermission} before the controller method runs. */
class PermissionInterceptor implements HandlerInterceptor {

    private final Permissions permissions;

    PermissionInterceptor(Permissions permissions) {
        this.permissions = permissions;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if (!(handler instanceof HandlerMethod method)) {
            return true;
        }
        RequiresPermission required = method.getMethodAnnotation(RequiresPermission.class);
        if (required == null) {
            return true;
        }
        String id = "*";
        if (!required.idVariable().isEmpty()) {
            @SuppressWarnings("unchecked")
            Map<String, String> variables =
                    (Map<String, String>) request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE);
            id = variables == null ? null : variables.get(required.idVariable());
            if (id == null) {
                throw new IllegalStateException("No path variable '" + required.idVariable() + "' for " + method);
            }
        }
        permissions.require(required.action(), required.resource(), id);
        return true;
    }
}
