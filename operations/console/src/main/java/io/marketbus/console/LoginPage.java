package io.marketbus.console;

import org.springframework.http.MediaType;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.util.HtmlUtils;

/** The sign-in page, rendered on the server so that it carries the session's CSRF token. */
@Controller
class LoginPage {

    @GetMapping(path = "/login", produces = MediaType.TEXT_HTML_VALUE)
    @ResponseBody
    String login(CsrfToken csrf, @RequestParam(required = false) String error,
                 @RequestParam(name = "signed-out", required = false) String signedOut) {
        String note = error != null ? "<p class=\"bad\" id=\"login-error\">Sign-in refused: a wrong email or password, or not an administrator.</p>"
                : signedOut != null ? "<p>Signed out.</p>" : "";
        return """
                <!doctype html>
                <html lang="en"><head><meta charset="utf-8"><title>Marketbus console: sign in</title>
                <link rel="icon" href="data:,"><link rel="stylesheet" href="/console.css"></head>
                <body class="login"><main>
                <h1>Marketbus operations console</h1>
                <p>Sign in with an administrator account of authnsvc.</p>
                %s
                <form method="post" action="/login">
                  <input type="hidden" name="%s" value="%s">
                  <label>Email <input name="email" type="email" autocomplete="username" required></label>
                  <label>Password <input name="password" type="password" autocomplete="current-password" required></label>
                  <button type="submit" id="sign-in">Sign in</button>
                </form>
                </main></body></html>
                """.formatted(note, HtmlUtils.htmlEscape(csrf.getParameterName()), HtmlUtils.htmlEscape(csrf.getToken()));
    }
}
