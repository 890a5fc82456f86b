package syntax

import (
	"fmt"
	"strings"
	"testing"

	"github.com/guidec/guidec/internal/snippet"
)

// nginxGood is nginx configuration in the layout guides write: a map, an
// upstream, an auth_request location, a Lua block, a log format over
// lines, an if block.
const nginxGood = `map $http_upgrade $connection_upgrade {
    default upgrade;
    ''      close;
}

upstream app {
    server app:8080;
}

log_format main '$remote_addr $host'
                '"$request" $status';

server {
    listen 443 ssl;
    server_name app.example.com;

    location /authelia {
        internal;
        proxy_pass http://authelia:9091/api/authz/auth-request;
        proxy_set_header X-Original-Method $request_method;
    }

    location / {
        auth_request /authelia;
        auth_request_set $user $upstream_http_remote_user;
        if ($request_method = OPTIONS) {
            return 204;
        }
        access_by_lua_block {
            local t = { a = "}" }
        }
        proxy_pass http://app;
    }
}
`

// lineCol renders findings as "line:col code" for the table tests.
func lineCol(text string, fs []finding) string {
	var out []string
	for _, f := range fs {
		l := strings.Count(text[:f.span.Start], "\n") + 1
		c := f.span.Start - (strings.LastIndex(text[:f.span.Start], "\n") + 1) + 1
		out = append(out, fmt.Sprintf("%d:%d %s", l, c, f.code))
	}
	return strings.Join(out, ", ")
}

func TestValidateNginx(t *testing.T) {
	lines := strings.SplitAfter(nginxGood, "\n")
	without := func(n int) string { return strings.Join(lines[:n-1], "") + strings.Join(lines[n:], "") }
	for _, tt := range []struct {
		name, in string
		want     string
	}{
		{"good", nginxGood, ""},
		{"';' dropped before a directive", strings.Replace(nginxGood, "9091/api/authz/auth-request;", "9091/api/authz/auth-request", 1), "19:63 nginx-syntax"},
		{"';' dropped before '}'", strings.Replace(nginxGood, "return 204;", "return 204", 1), "27:23 nginx-syntax"},
		{"';' dropped before a block", strings.Replace(nginxGood, "server_name app.example.com;", "server_name app.example.com", 1), "15:32 nginx-syntax"},
		{"';' dropped in a map", strings.Replace(nginxGood, "default upgrade;", "default upgrade", 1), "2:20 nginx-syntax"},
		{"';' dropped at the end", "proxy_pass http://app", "1:22 nginx-syntax"},
		{"';' dropped on one line", "location / { return 200 }", "1:24 nginx-syntax"},
		{"name misspelt (dropped)", strings.Replace(nginxGood, "proxy_pass http://app;", "proxy_pas http://app;", 1), "32:9 nginx-directive"},
		{"name misspelt (swapped)", strings.Replace(nginxGood, "auth_request /authelia;", "auth_requets /authelia;", 1), "24:9 nginx-directive"},
		{"name misspelt (doubled)", strings.Replace(nginxGood, "proxy_set_header", "proxy_set_headder", 1), "20:9 nginx-directive"},
		{"name in capitals", strings.Replace(nginxGood, "    listen 443 ssl;", "    Listen 443 ssl;", 1), "14:5 nginx-directive"},
		{"third-party name", strings.Replace(nginxGood, "internal;", "vhost_traffic_status on;", 1), ""},
		{"map value is no directive", strings.Replace(nginxGood, "default upgrade;", "defualt upgrade;", 1), ""},
		{"inner block unclosed", without(28), "26:9 nginx-syntax"},
		{"location unclosed", without(21), "17:5 nginx-syntax"},
		{"server unclosed", without(34), "13:1 nginx-syntax"},
		{"unclosed in an excerpt", strings.Replace(without(34), "internal;", "internal;\n        ...", 1), ""},
		{"extra '}'", nginxGood + "}\n", "35:1 nginx-syntax"},
		{"quote never closed", "add_header X \"a;\n", "1:14 nginx-syntax"},
		{"quote lost on its line", "add_header X \"a;\nadd_header Y \"b\";\n", "1:14 nginx-syntax"},
		{"quote lost before an empty string", "proxy_set_header Content-Length \";\nproxy_set_header Connection \"\";\n", "1:33 nginx-syntax"},
		{"quote glued", "add_header X \"a\"b;\n", "1:17 nginx-syntax"},
		{"continuation deeper", "add_header X\n    always;\n", ""},
		{"words after the configuration", "location / {\n    proxy_pass http://a;\n}\nthen reload nginx\n", ""},
		{"bracketed ellipsis", "location / {\n    [...]\n    proxy_pass http://a;\n", ""},
		{"'{' dropped", strings.Replace(nginxGood, "location /authelia {", "location /authelia", 1), "17:23 nginx-syntax"},
		{"'{' dropped on an if", strings.Replace(nginxGood, "if ($request_method = OPTIONS) {", "if ($request_method = OPTIONS)", 1), "26:39 nginx-syntax"},
		{"template", "server {\n    server_name {{ .Values.host }};\n", ""},
		{"argument on the next line", "add_header X y\nalways;\n", ""},
		{"third-party directive on the next line", "proxy_pass http://a\nmore_set_headers 'A: b';\n", "1:20 nginx-syntax"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := lineCol(tt.in, validateNginx([]byte(tt.in))); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

// TestNginxKind pins which snippets are read as nginx: its fence, its
// titles, conf and plain fences with proxy_pass in a server or location
// block; and that Apache and Caddyfile snippets stay theirs.
func TestNginxKind(t *testing.T) {
	for _, tt := range []struct {
		lang, title, text string
		want              kind
	}{
		{"nginx", "", "a;", kindNginx},
		{"", "nginx.conf", "a;", kindNginx},
		{"conf", "/etc/nginx/conf.d/app.conf", "a;", kindNginx},
		{"", "/config/nginx/snippets/authelia-location.conf", "a;", kindNginx},
		{"conf", "", "server {\n proxy_pass http://a;\n}", kindNginx},
		{"", "", "location / {\n proxy_pass http://a;\n}", kindNginx},
		{"text", "", "location / {\n proxy_pass http://a;\n}", kindNginx},
		{"conf", "", "key = value", kindNone},
		{"", "values.yaml", "server {\n proxy_pass http://a;\n}", kindYAML},
		{"conf", "proxy.conf", "proxy_set_header Host $host;\nproxy_set_header X-Real-IP $remote_addr;\n", kindNginx},
		{"", "", "auth_request /authelia;\nauth_request_set $user $upstream_http_remote_user;\n", kindNginx},
		{"conf", "", "proxy_set_header Host $host;\n", kindNone},
		{"conf", "www.conf", "[www]\nuser = nobody\n; listen_owner = nobody;\n", kindNone},
		{"conf", "app.conf", "<VirtualHost *:443>\nProxyPass / http://a/\n</VirtualHost>", kindApache},
		{"", "Caddyfile", "a {\n reverse_proxy b\n}", kindCaddyfile},
		{"yaml", "", "proxy_pass: x\nserver {: 1", kindYAML},
		{"shell", "", "echo 'location / { proxy_pass x; }'", kindNone},
		{"", "", "$ cat /etc/nginx/x\nserver {\n proxy_pass http://a;\n}", kindNone},
	} {
		s := &snippet.Snippet{Lang: tt.lang, Text: []byte(tt.text)}
		if tt.title != "" {
			s.Attrs = []snippet.Attr{{Key: "title", Value: tt.title}}
		}
		if got := kindOf(s); got != tt.want {
			t.Errorf("kindOf(%q, %q, %q) = %v, want %v", tt.lang, tt.title, tt.text, got, tt.want)
		}
	}
}

// FuzzCheckNginx checks that the nginx check never panics and keeps its
// findings in the text.
func FuzzCheckNginx(f *testing.F) {
	for _, s := range []string{nginxGood, "a \"b;\nc \"\";", "location /\n    proxy_pass x;\n}", "x_by_lua_blokc { '}' }", "[...]\n}"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, text []byte) {
		for _, fd := range validateNginx(text) {
			if fd.span.Start < 0 || fd.span.End > len(text) || fd.span.Start > fd.span.End {
				t.Fatalf("span %v out of %q", fd.span, text)
			}
		}
	})
}

// TestNginxAnnotations pins the nginx of ingress-nginx's snippet
// annotations, checked at the YAML text's lines, and the YAML around it
// left alone.
func TestNginxAnnotations(t *testing.T) {
	const ing = `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  annotations:
    nginx.ingress.kubernetes.io/auth-url: http://authelia.default.svc/api/authz/auth-request
    nginx.ingress.kubernetes.io/configuration-snippet: |
      proxy_set_header X-Forwarded-Method $request_method;
      auth_request_set $user $upstream_http_remote_user;
      proxy_set_header Remote-User $user;
    other: {a: b}
spec: {}
`
	for _, tt := range []struct{ name, in, want string }{
		{"good", ing, ""},
		{"';' dropped", strings.Replace(ing, "$request_method;", "$request_method", 1), "7:58 nginx-syntax"},
		{"last ';' dropped", strings.Replace(ing, "Remote-User $user;", "Remote-User $user", 1), "9:41 nginx-syntax"},
		{"name misspelt", strings.Replace(ing, "auth_request_set", "auth_reqest_set", 1), "8:7 nginx-directive"},
		{"folded is not read", strings.Replace(strings.Replace(ing, "snippet: |", "snippet: >", 1), "$request_method;", "$request_method", 1), ""},
		{"other annotation", strings.Replace(ing, "configuration-snippet", "custom-headers", 1), ""},
	} {
		if got := lineCol(tt.in, validateNginxAnnotations([]byte(tt.in))); got != tt.want {
			t.Errorf("%s: got %q, want %q", tt.name, got, tt.want)
		}
	}
}
