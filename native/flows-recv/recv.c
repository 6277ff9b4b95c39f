// Podium's flow collector: UDP receive in batches (Linux recvmmsg), as a Node-API addon.
//
// Node's dgram delivers each datagram as its own event: a Buffer, an rinfo object with the
// address formatted as text, a call into JavaScript — several microseconds per datagram,
// as much as decoding it. Here the collector's receive thread asks for up to `max`
// datagrams in one system call, copied into one buffer it owns, with their lengths and
// source addresses in a small table; it decodes them in place. The socket is non-blocking:
// the thread drains it, then sleeps a millisecond, so the kernel queue (SO_RCVBUF) absorbs
// the pause instead of the thread waking per datagram.
//
//   open(address, port, rcvbuf) -> { fd, port, rcvbuf }      (throws an Error with .code = errno name)
//   recv(fd, buf, meta, slot) -> n ≥ 0 datagrams, or -errno   (EAGAIN: nothing queued)
//   close(fd)
//
// `buf` is a Uint8Array of n × slot bytes; datagram i is copied at i × slot. `meta` is an
// Int32Array of 8 entries per datagram: length, flags (1 = truncated), family (4 | 6), port,
// then the address as 4 big-endian 32-bit words (IPv4 in word 0).
#define _GNU_SOURCE
#define NAPI_VERSION 8
#include <node_api.h>

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define MAX_BATCH 256
#define META 8

static napi_value throw_errno(napi_env env, int err, const char *what) {
  char msg[160];
  snprintf(msg, sizeof msg, "%s: %s", what, strerror(err));
  napi_value code, message, error;
  const char *name = err == EADDRINUSE ? "EADDRINUSE" : err == EACCES ? "EACCES" : err == EADDRNOTAVAIL ? "EADDRNOTAVAIL" : err == EINVAL ? "EINVAL" : "ERRNO";
  napi_create_string_utf8(env, name, NAPI_AUTO_LENGTH, &code);
  napi_create_string_utf8(env, msg, NAPI_AUTO_LENGTH, &message);
  napi_create_error(env, code, message, &error);
  napi_set_named_property(env, error, "code", code);
  napi_throw(env, error);
  return NULL;
}

static napi_value js_open(napi_env env, napi_callback_info info) {
  size_t argc = 3;
  napi_value argv[3];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  if (argc < 3) {
    napi_throw_type_error(env, NULL, "open(address, port, rcvbuf)");
    return NULL;
  }
  char address[64];
  size_t alen = 0;
  if (napi_get_value_string_utf8(env, argv[0], address, sizeof address, &alen) != napi_ok) {
    napi_throw_type_error(env, NULL, "address must be a string");
    return NULL;
  }
  int32_t port = 0, rcvbuf = 0;
  napi_get_value_int32(env, argv[1], &port);
  napi_get_value_int32(env, argv[2], &rcvbuf);

  struct sockaddr_storage ss;
  socklen_t sslen;
  memset(&ss, 0, sizeof ss);
  int family;
  struct sockaddr_in *a4 = (struct sockaddr_in *)&ss;
  struct sockaddr_in6 *a6 = (struct sockaddr_in6 *)&ss;
  if (inet_pton(AF_INET, address, &a4->sin_addr) == 1) {
    family = AF_INET;
    a4->sin_family = AF_INET;
    a4->sin_port = htons((uint16_t)port);
    sslen = sizeof *a4;
  } else if (inet_pton(AF_INET6, address, &a6->sin6_addr) == 1) {
    family = AF_INET6;
    a6->sin6_family = AF_INET6;
    a6->sin6_port = htons((uint16_t)port);
    sslen = sizeof *a6;
  } else {
    return throw_errno(env, EINVAL, "not an IP address");
  }
  int fd = socket(family, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) return throw_errno(env, errno, "socket");
  if (rcvbuf > 0) setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof rcvbuf);
  if (bind(fd, (struct sockaddr *)&ss, sslen) != 0) {
    int err = errno;
    close(fd);
    return throw_errno(env, err, "bind");
  }
  struct sockaddr_storage bound;
  socklen_t blen = sizeof bound;
  getsockname(fd, (struct sockaddr *)&bound, &blen);
  int bport = family == AF_INET ? ntohs(((struct sockaddr_in *)&bound)->sin_port) : ntohs(((struct sockaddr_in6 *)&bound)->sin6_port);
  int granted = 0;
  socklen_t glen = sizeof granted;
  getsockopt(fd, SOL_SOCKET, SO_RCVBUF, &granted, &glen);

  napi_value out, v;
  napi_create_object(env, &out);
  napi_create_int32(env, fd, &v);
  napi_set_named_property(env, out, "fd", v);
  napi_create_int32(env, bport, &v);
  napi_set_named_property(env, out, "port", v);
  napi_create_int32(env, granted, &v);
  napi_set_named_property(env, out, "rcvbuf", v);
  return out;
}

static napi_value js_recv(napi_env env, napi_callback_info info) {
  size_t argc = 4;
  napi_value argv[4];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  int32_t fd = -1, slot = 0;
  napi_get_value_int32(env, argv[0], &fd);
  napi_get_value_int32(env, argv[3], &slot);
  napi_typedarray_type t1, t2;
  size_t blen = 0, mlen = 0;
  void *bdata = NULL, *mdata = NULL;
  if (napi_get_typedarray_info(env, argv[1], &t1, &blen, &bdata, NULL, NULL) != napi_ok || t1 != napi_uint8_array ||
      napi_get_typedarray_info(env, argv[2], &t2, &mlen, &mdata, NULL, NULL) != napi_ok || t2 != napi_int32_array || slot <= 0) {
    napi_throw_type_error(env, NULL, "recv(fd, Uint8Array, Int32Array, slot)");
    return NULL;
  }
  size_t n = blen / (size_t)slot;
  if (n > mlen / META) n = mlen / META;
  if (n > MAX_BATCH) n = MAX_BATCH;
  struct mmsghdr msgs[MAX_BATCH];
  struct iovec iov[MAX_BATCH];
  struct sockaddr_storage from[MAX_BATCH];
  uint8_t *buf = (uint8_t *)bdata;
  for (size_t i = 0; i < n; i++) {
    iov[i].iov_base = buf + i * (size_t)slot;
    iov[i].iov_len = (size_t)slot;
    memset(&msgs[i].msg_hdr, 0, sizeof msgs[i].msg_hdr);
    msgs[i].msg_hdr.msg_iov = &iov[i];
    msgs[i].msg_hdr.msg_iovlen = 1;
    msgs[i].msg_hdr.msg_name = &from[i];
    msgs[i].msg_hdr.msg_namelen = sizeof from[i];
  }
  int got = recvmmsg(fd, msgs, (unsigned)n, MSG_DONTWAIT, NULL);
  napi_value out;
  if (got < 0) {
    napi_create_int32(env, -errno, &out);
    return out;
  }
  int32_t *meta = (int32_t *)mdata;
  for (int i = 0; i < got; i++) {
    int32_t *m = meta + i * META;
    m[0] = (int32_t)msgs[i].msg_len;
    m[1] = (msgs[i].msg_hdr.msg_flags & MSG_TRUNC) ? 1 : 0;
    struct sockaddr *sa = (struct sockaddr *)&from[i];
    if (sa->sa_family == AF_INET) {
      struct sockaddr_in *s4 = (struct sockaddr_in *)sa;
      m[2] = 4;
      m[3] = ntohs(s4->sin_port);
      m[4] = (int32_t)ntohl(s4->sin_addr.s_addr);
      m[5] = m[6] = m[7] = 0;
    } else {
      struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)sa;
      uint32_t w[4];
      memcpy(w, &s6->sin6_addr, 16);
      m[2] = 6;
      m[3] = ntohs(s6->sin6_port);
      for (int k = 0; k < 4; k++) m[4 + k] = (int32_t)ntohl(w[k]);
    }
  }
  napi_create_int32(env, got, &out);
  return out;
}

static napi_value js_close(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  int32_t fd = -1;
  napi_get_value_int32(env, argv[0], &fd);
  if (fd >= 0) close(fd);
  return NULL;
}

static napi_value init(napi_env env, napi_value exports) {
  napi_property_descriptor props[] = {
      {"open", NULL, js_open, NULL, NULL, NULL, napi_default, NULL},
      {"recv", NULL, js_recv, NULL, NULL, NULL, napi_default, NULL},
      {"close", NULL, js_close, NULL, NULL, NULL, napi_default, NULL},
  };
  napi_define_properties(env, exports, sizeof props / sizeof props[0], props);
  return exports;
}

NAPI_MODULE(NODE_GYP_MODULE_NAME, init)
