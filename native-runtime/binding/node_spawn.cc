// The child_process-shaped spawn of native-runtime/node: the child set up the
// way libuv's uv_spawn sets it up (so a program sees what it would see under
// child_process.spawn), done by safespawn:
//   setsid (detached); stdio: fd i <- the parent's descriptor, a new socket
//   pair (libuv's 'pipe' is a socketpair too), or /dev/null for an ignored
//   0-2; chdir; signals 1-31 back to SIG_DFL (Node ignores SIGPIPE, libuv
//   resets it); an empty signal mask; execvp's search in the child's PATH,
//   with its /bin/sh retry.
// spawnChild queues it on the helper thread; spawnChildSync runs it here and
// collects the output, as child_process.spawnSync does.
#include "addon.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cerrno>
#include <cmath>
#include <cstring>
#include <memory>

namespace ss_node {
namespace {

constexpr int kPipe = -1;   // stdio[i]: a new socket pair, the parent keeps one end
constexpr int kIgnore = -2; // stdio[i]: /dev/null for 0-2, nothing above
constexpr int kFlags = SS_SPAWN_SEARCH_PATH | SS_SPAWN_ENVP_PATH | SS_SPAWN_SH_FALLBACK;

// What spawnChild / spawnChildSync take, read from their arguments:
// (file, argv, env|undefined, cwd|undefined, detached, stdio[]).
struct Request {
  std::string file;
  StringVec argv, env;
  bool has_env = false;
  std::string cwd;
  bool has_cwd = false;
  bool detached = false;
  std::vector<int> stdio;
};

bool ReadRequest(const Napi::CallbackInfo &info, Request *r) {
  Napi::Env env = info.Env();
  if (info.Length() < 6 || !info[0].IsString() || !info[5].IsArray()) {
    Napi::TypeError::New(env, "spawnChild(file, argv, env, cwd, detached, stdio, ...)").ThrowAsJavaScriptException();
    return false;
  }
  r->file = info[0].As<Napi::String>().Utf8Value();
  if (!ReadStrings(env, info[1], &r->argv, "argv")) return false;
  if (!info[2].IsUndefined() && !info[2].IsNull()) {
    if (!ReadStrings(env, info[2], &r->env, "env")) return false;
    r->has_env = true;
  }
  if (info[3].IsString()) {
    r->cwd = info[3].As<Napi::String>().Utf8Value();
    r->has_cwd = true;
  }
  r->detached = info[4].ToBoolean().Value();
  Napi::Array a = info[5].As<Napi::Array>();
  for (uint32_t i = 0; i < a.Length(); i++) {
    Napi::Value v = a.Get(i);
    if (!v.IsNumber()) {
      Napi::TypeError::New(env, "stdio entries must be numbers").ThrowAsJavaScriptException();
      return false;
    }
    r->stdio.push_back(v.As<Napi::Number>().Int32Value());
  }
  return true;
}

// The actions and what they need.  `ends` receives our end of each pipe
// (the socket pairs are made by the spawn, on the helper thread for
// spawnChild); it must stay where it is until the spawn is done.
struct Plan {
  ss_actions fa{};
  std::vector<int> close_after; // closed once the child has them: dups of low descriptors
  std::vector<int> action_fd;   // per action: the child fd it is for, or -1
  ~Plan() {
    ss_actions_destroy(&fa);
    for (int fd : close_after) close(fd);
  }
  void Add(int child_fd) { action_fd.resize(fa.n, -1), action_fd.push_back(child_fd); }
};

// libuv clears O_NONBLOCK on a descriptor it hands to the child as 0-2 (the
// file description is shared, so it is cleared for us too, as with libuv).
void ClearNonblock(int fd) {
  int fl = fcntl(fd, F_GETFL);
  if (fl >= 0 && (fl & O_NONBLOCK)) fcntl(fd, F_SETFL, fl & ~O_NONBLOCK);
}

// libuv's reset in the child: 1-31 back to SIG_DFL (one action, not 29).
const sigset_t &Signals1To31() {
  static const sigset_t set = [] {
    sigset_t s;
    sigemptyset(&s);
    for (int sig = 1; sig < 32; sig++)
      if (sig != SIGKILL && sig != SIGSTOP) sigaddset(&s, sig);
    return s;
  }();
  return set;
}

// 0 or an errno (the parent's side: a dup).  ends: one per stdio entry.
int BuildPlan(const Request &r, Plan *p, std::vector<int> *ends) {
  ss_actions_init(&p->fa);
  const int n = (int)r.stdio.size();
  ends->assign(n, -1);
  std::vector<int> src(n, -1);
  for (int i = 0; i < n; i++) {
    int s = r.stdio[i];
    if (s >= 0) {
      src[i] = s;
      if (i <= 2) ClearNonblock(s);
    }
  }
  // dup2 in ascending order must not overwrite a source still to come: any
  // source below n (other than fd i itself) is first copied above n.  (The
  // socket pairs' ends are above every target already.)
  for (int i = 0; i < n; i++) {
    if (src[i] >= 0 && src[i] < n && src[i] != i) {
      int d = fcntl(src[i], F_DUPFD_CLOEXEC, n);
      if (d < 0) return errno;
      p->close_after.push_back(d);
      src[i] = d;
    }
  }
  if (r.detached) {
    p->Add(-1);
    ss_actions_add_setsid(&p->fa);
  }
  for (int i = 0; i < n; i++) {
    if (r.stdio[i] == kPipe) {
      p->Add(i);
      ss_actions_add_socketpair(&p->fa, i, &(*ends)[i]);
    } else if (src[i] >= 0) {
      p->Add(i);
      ss_actions_add_dup2(&p->fa, src[i], i); // src == i: clears close-on-exec
    } else if (i <= 2) {
      p->Add(i);
      ss_actions_add_open(&p->fa, i, "/dev/null", i == 0 ? O_RDONLY : O_RDWR, 0);
    }
  }
  if (r.has_cwd) {
    p->Add(-1);
    ss_actions_add_chdir(&p->fa, r.cwd.c_str());
  }
  p->Add(-1);
  ss_actions_add_sigdefault_set(&p->fa, &Signals1To31());
  sigset_t none;
  sigemptyset(&none);
  p->Add(-1);
  ss_actions_add_sigmask(&p->fa, &none);
  return 0;
}

// spawnChild(file, argv, env, cwd, detached, stdio, cb): returns at once.
// cb(err, child, ends) once the child has exec'ed or failed; ends: our end
// of each 'pipe' entry's socket pair (-1 elsewhere, and on failure).
Napi::Value SpawnChild(const Napi::CallbackInfo &info) {
  Napi::Env env = info.Env();
  Request r;
  if (!ReadRequest(info, &r)) return env.Undefined();
  if (info.Length() < 7 || !info[6].IsFunction()) {
    Napi::TypeError::New(env, "spawnChild: callback").ThrowAsJavaScriptException();
    return env.Undefined();
  }
  Plan plan;
  auto p = std::make_unique<Pending>();
  int e = BuildPlan(r, &plan, &p->ends);
  if (!e) {
    p->cb = Napi::Persistent(info[6].As<Napi::Function>());
    p->file = r.file;
    p->action_fd = plan.action_fd;
    p->close_after = std::move(plan.close_after);
    p->with_ends = true;
    e = QueueSpawn(env, r.file, &plan.fa, r.argv.Get(), r.has_env ? r.env.Get() : nullptr, kFlags, p.get());
    if (e) plan.close_after = std::move(p->close_after);
  }
  if (e) {
    ErrnoError(env, e, "spawn").ThrowAsJavaScriptException();
    return env.Undefined();
  }
  p.release(); // the completion owns it: it closes close_after and hands over the ends
  return env.Undefined();
}

// --------------------------------------------------------- spawnChildSync

double NowMs() {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

// What the synchronous run collects.
struct SyncRun {
  ss_child child{-1, -1};
  int status = 0;
  bool exited = false;
  bool timed_out = false, overflow = false, killed = false;
  int write_error = 0;
  std::vector<std::vector<char>> out; // per stdio entry
};

void KillOnce(SyncRun *s, int sig) {
  if (!s->killed && s->child.pid > 0) ss_kill(&s->child, sig);
  s->killed = true;
}

// spawnChildSync(file, argv, env, cwd, detached, stdio, input|undefined,
//                timeoutMs (0: none), maxBuffer (bytes, may be Infinity), killSignal)
// -> {pid, status, signal, output: [Buffer|null], error?, timedOut, overflow}
// Like child_process.spawnSync: stdin gets input and is closed; the other
// pipes are read until they close and the child has exited; a timeout or
// too much output kills the child and stops reading.
Napi::Value SpawnChildSync(const Napi::CallbackInfo &info) {
  Napi::Env env = info.Env();
  Request r;
  if (!ReadRequest(info, &r)) return env.Undefined();
  std::string input;
  if (info.Length() > 6 && info[6].IsBuffer()) {
    Napi::Buffer<char> b = info[6].As<Napi::Buffer<char>>();
    input.assign(b.Data(), b.Length());
  }
  double timeout = info.Length() > 7 && info[7].IsNumber() ? info[7].As<Napi::Number>().DoubleValue() : 0;
  double max_buffer = info.Length() > 8 && info[8].IsNumber() ? info[8].As<Napi::Number>().DoubleValue() : INFINITY;
  int kill_sig = info.Length() > 9 && info[9].IsNumber() ? info[9].As<Napi::Number>().Int32Value() : SIGTERM;

  Napi::Object res = Napi::Object::New(env);
  Plan plan;
  std::vector<int> fds; // our pipe ends, closed as they are done with
  int e = BuildPlan(r, &plan, &fds);
  if (e) {
    ErrnoError(env, e, "spawnSync").ThrowAsJavaScriptException();
    return env.Undefined();
  }
  SyncRun s;
  ss_error se;
  e = ss_spawn_ex(&s.child, r.file.c_str(), &plan.fa, r.argv.Get(), r.has_env ? r.env.Get() : nullptr, kFlags, &se);
  for (int fd : plan.close_after) close(fd);
  plan.close_after.clear();
  if (e) {
    int fd = se.step >= 0 && (size_t)se.step < plan.action_fd.size() ? plan.action_fd[se.step] : -1;
    res.Set("pid", 0);
    res.Set("error", SpawnError(env, r.file, se, fd).Value());
    return res;
  }
  const pid_t pid = s.child.pid; // ss_wait sets it to -1
  const size_t n = r.stdio.size();
  s.out.resize(n);
  size_t woff = 0;
  if (n > 0 && fds[0] >= 0 && input.empty()) {
    close(fds[0]);
    fds[0] = -1;
  }
  const double deadline = timeout > 0 ? NowMs() + timeout : 0;
  double total = 0;
  for (;;) {
    // Done when it has exited and every pipe is: input still unsent ends in
    // EPIPE once the child is gone, as child_process reports it.
    bool open = false;
    for (size_t i = 0; i < n; i++) open |= fds[i] >= 0;
    if (s.exited && !open) break;
    std::vector<struct pollfd> pf;
    std::vector<int> which; // stdio index, or -1 for the pidfd
    for (size_t i = 0; i < n; i++)
      if (fds[i] >= 0) {
        pf.push_back({fds[i], (short)(i == 0 ? POLLOUT : POLLIN), 0});
        which.push_back((int)i);
      }
    if (!s.exited && s.child.pidfd >= 0) {
      pf.push_back({s.child.pidfd, POLLIN, 0});
      which.push_back(-1);
    }
    int wait_ms = -1;
    if (!s.exited && s.child.pidfd < 0) wait_ms = 5; // no pidfd: WNOHANG every 5 ms
    if (deadline && !s.timed_out) {
      double left = deadline - NowMs();
      int l = left <= 0 ? 0 : (int)std::ceil(left);
      wait_ms = wait_ms < 0 ? l : std::min(wait_ms, l);
    }
    int k = poll(pf.data(), pf.size(), wait_ms);
    if (k < 0 && errno != EINTR) {
      KillOnce(&s, SIGKILL); // cannot watch it any more: reaped below
      break;
    }
    if (deadline && !s.timed_out && NowMs() >= deadline) {
      s.timed_out = true;
      KillOnce(&s, kill_sig);
    }
    for (size_t j = 0; k > 0 && j < pf.size(); j++) {
      if (!pf[j].revents) continue;
      int i = which[j];
      if (i < 0) continue; // the pidfd: reaped below
      if (i == 0) {
        ssize_t w = send(fds[0], input.data() + woff, input.size() - woff, MSG_NOSIGNAL | MSG_DONTWAIT);
        if (w > 0) woff += (size_t)w;
        if ((w < 0 && errno != EAGAIN && errno != EINTR) || woff == input.size()) {
          if (w < 0) s.write_error = errno;
          close(fds[0]);
          fds[0] = -1;
        }
        continue;
      }
      std::vector<char> &buf = s.out[i];
      char tmp[65536];
      ssize_t got = recv(fds[i], tmp, sizeof tmp, MSG_DONTWAIT);
      if (got > 0) {
        buf.insert(buf.end(), tmp, tmp + got);
        total += got;
        if (total > max_buffer && !s.overflow) {
          s.overflow = true;
          KillOnce(&s, kill_sig);
        }
      } else if (got == 0 || (errno != EAGAIN && errno != EINTR)) {
        close(fds[i]);
        fds[i] = -1;
      }
    }
    if (s.killed) { // child_process stops reading once it kills
      for (size_t i = 0; i < n; i++)
        if (fds[i] >= 0) close(fds[i]), fds[i] = -1;
    }
    if (!s.exited) {
      int w = ss_wait(&s.child, &s.status, WNOHANG);
      if (w == 0) s.exited = true;
      else if (w != EAGAIN && w != EINTR) break; // ECHILD: reaped by someone else
    }
  }
  for (int &fd : fds)
    if (fd >= 0) close(fd), fd = -1;
  res.Set("pid", Napi::Number::New(env, pid));
  // A child we gave up watching (poll failed) is still ours to reap.
  if (!s.exited && s.child.pid > 0) {
    int w;
    while ((w = ss_wait(&s.child, &s.status, 0)) == EINTR) {
    }
    s.exited = w == 0;
  }
  res.Set("status", s.exited && WIFEXITED(s.status) ? Napi::Number::New(env, WEXITSTATUS(s.status)) : env.Null());
  res.Set("signal", s.exited && WIFSIGNALED(s.status) ? Napi::Number::New(env, WTERMSIG(s.status)) : env.Null());
  Napi::Array output = Napi::Array::New(env, n);
  for (size_t i = 0; i < n; i++)
    output.Set((uint32_t)i, i > 0 && r.stdio[i] == kPipe ? Napi::Buffer<char>::Copy(env, s.out[i].data(), s.out[i].size()).As<Napi::Value>()
                                                         : env.Null());
  res.Set("output", output);
  res.Set("timedOut", s.timed_out);
  res.Set("overflow", s.overflow);
  if (s.write_error) res.Set("writeError", Napi::Number::New(env, s.write_error));
  return res;
}

} // namespace

void InitNodeSpawn(Napi::Env env, Napi::Object exports) {
  exports.Set("spawnChild", Napi::Function::New(env, SpawnChild));
  exports.Set("spawnChildSync", Napi::Function::New(env, SpawnChildSync));
  exports.Set("PIPE", Napi::Number::New(env, kPipe));
  exports.Set("IGNORE", Napi::Number::New(env, kIgnore));
}

} // namespace ss_node
