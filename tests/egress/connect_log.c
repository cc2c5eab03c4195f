/* Records every connect() and getaddrinfo() of a process, whichever library calls
 * them (Python's socket module, uvloop/libuv under Sanic, libpq, OpenSSL …).
 *
 * Loaded with LD_PRELOAD by tests/conftest_stack.py into every process of the test
 * stack; appends one JSON line per call to the file KONTOR_TEST_EGRESS_LOG names,
 * then calls the real function. tests/e2e/test_no_egress.py reads the file. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <dlfcn.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static void record(const char *kind, const char *host, int port) {
    const char *path = getenv("KONTOR_TEST_EGRESS_LOG");
    char clean[256];
    char line[512];
    size_t i = 0;
    int fd;
    if (path == NULL) return;
    for (; host != NULL && host[i] != '\0' && i < sizeof(clean) - 1; i++) {
        char c = host[i];
        clean[i] = (c == '"' || c == '\\' || c < 32) ? '?' : c;
    }
    clean[i] = '\0';
    snprintf(line, sizeof(line),
             "{\"event\": \"%s\", \"host\": \"%s\", \"port\": %d, \"pid\": %d}\n",
             kind, host == NULL ? "" : clean, port, (int)getpid());
    fd = open(path, O_WRONLY | O_APPEND | O_CREAT, 0644);
    if (fd < 0) return;
    if (write(fd, line, strlen(line)) < 0) { /* nothing to do */ }
    close(fd);
}

int connect(int fd, const struct sockaddr *addr, socklen_t len) {
    static int (*real)(int, const struct sockaddr *, socklen_t) = NULL;
    char host[INET6_ADDRSTRLEN] = "";
    int port = 0;
    if (real == NULL) real = dlsym(RTLD_NEXT, "connect");
    if (addr != NULL && addr->sa_family == AF_INET) {
        const struct sockaddr_in *in = (const struct sockaddr_in *)addr;
        inet_ntop(AF_INET, &in->sin_addr, host, sizeof(host));
        port = ntohs(in->sin_port);
        record("connect", host, port);
    } else if (addr != NULL && addr->sa_family == AF_INET6) {
        const struct sockaddr_in6 *in6 = (const struct sockaddr_in6 *)addr;
        inet_ntop(AF_INET6, &in6->sin6_addr, host, sizeof(host));
        port = ntohs(in6->sin6_port);
        record("connect", host, port);
    } else if (addr != NULL && addr->sa_family == AF_UNIX) {
        record("connect", "unix", 0);
    } else if (addr != NULL && addr->sa_family != AF_UNSPEC) {
        record("connect", "other-family", (int)addr->sa_family);
    }
    return real(fd, addr, len);
}

int getaddrinfo(const char *node, const char *service, const struct addrinfo *hints,
                struct addrinfo **res) {
    static int (*real)(const char *, const char *, const struct addrinfo *,
                       struct addrinfo **) = NULL;
    if (real == NULL) real = dlsym(RTLD_NEXT, "getaddrinfo");
    record("getaddrinfo", node, service == NULL ? 0 : atoi(service));
    return real(node, service, hints, res);
}
