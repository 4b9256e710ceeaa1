// Node binding for safespawn: spawn (on the calling thread, or on a helper
// thread), kill and wait through the pidfd, and pipes for the child's stdio.
// Exits are observed by polling the pidfd on libuv's loop: no SIGCHLD
// handler, no thread blocked in waitpid.  Where the kernel gives no pidfd, a
// thread per child waits with WNOWAIT (the child stays unreaped, so its pid
// cannot be reused before we reap it here) and wakes the loop.
#include "addon.h"

#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <memory>
#include <mutex>

namespace ss_node {

AddonData *Data(Napi::Env env) { return env.GetInstanceData<AddonData>(); }

namespace {
struct CloseCtx {
  AddonData *d;
  void (*done)(uv_handle_t *);
  void *data;
};

void MaybeFinishTeardown(AddonData *d) {
  if (d->closing == 0 && d->ending && d->hook) {
    napi_async_cleanup_hook_handle h = d->hook;
    delete d; // nothing of this environment's addon is left
    napi_remove_async_cleanup_hook(h);
  }
}
} // namespace

void CloseUv(AddonData *d, uv_handle_t *h, void (*done)(uv_handle_t *)) {
  h->data = new CloseCtx{d, done, h->data};
  d->closing++;
  uv_close(h, [](uv_handle_t *hh) {
    auto *ctx = static_cast<CloseCtx *>(hh->data);
    hh->data = ctx->data;
    AddonData *dd = ctx->d;
    void (*fn)(uv_handle_t *) = ctx->done;
    delete ctx;
    if (fn) fn(hh);
    dd->closing--;
    MaybeFinishTeardown(dd);
  });
}

bool CanRunJs(napi_env env) {
  napi_handle_scope scope;
  if (napi_open_handle_scope(env, &scope) != napi_ok) return false;
  napi_value g, v;
  bool ok = napi_get_global(env, &g) == napi_ok && napi_get_named_property(env, g, "Object", &v) == napi_ok;
  napi_close_handle_scope(env, scope);
  return ok;
}

// Raw napi: node-addon-api's wrappers turn a failure into Error::New, which
// aborts the process when the failure is a worker's termination.
bool CallFromLoop(Napi::Env env, const Napi::FunctionReference &f, napi_value recv,
                  const std::initializer_list<napi_value> &args) {
  napi_value fn = nullptr, result;
  if (napi_get_reference_value(env, f, &fn) != napi_ok || !fn) return false;
  if (napi_make_callback(env, nullptr, recv, fn, args.size(), args.begin(), &result) == napi_ok) return true;
  bool pending = false;
  napi_value e = nullptr;
  if (napi_is_exception_pending(env, &pending) == napi_ok && pending && napi_get_and_clear_last_exception(env, &e) == napi_ok &&
      e && CanRunJs(env))
    napi_fatal_exception(env, e);
  return false;
}

std::string ErrName(int e) { return uv_err_name(-e); }

Napi::Error ErrnoError(Napi::Env env, int e, const std::string &what) {
  Napi::Error err = Napi::Error::New(env, what + ": " + ErrName(e) + " (" + std::strerror(e) + ")");
  err.Set("code", ErrName(e));
  err.Set("errno", Napi::Number::New(env, e));
  return err;
}

Napi::Error SpawnError(Napi::Env env, const std::string &file, const ss_error &se, int fd) {
  std::string step = se.step >= 0 ? " (action " + std::to_string(se.step) + ")" : "";
  Napi::Error err = ErrnoError(env, se.error, "spawn " + file + ": " + ss_kind_name(se.kind) + step);
  err.Set("step", Napi::Number::New(env, se.step));
  err.Set("kind", ss_kind_name(se.kind));
  err.Set("syscall", ss_kind_name(se.kind));
  err.Set("path", file);
  if (fd >= 0) err.Set("fd", Napi::Number::New(env, fd));
  return err;
}

bool ReadStrings(Napi::Env env, Napi::Value v, StringVec *out, const char *what) {
  if (!v.IsArray()) {
    Napi::TypeError::New(env, std::string(what) + " must be an array of strings").ThrowAsJavaScriptException();
    return false;
  }
  Napi::Array a = v.As<Napi::Array>();
  uint32_t n = a.Length();
  out->s.reserve(n);
  for (uint32_t i = 0; i < n; i++) {
    Napi::Value e = a.Get(i);
    if (!e.IsString()) {
      Napi::TypeError::New(env, std::string(what) + " must be an array of strings").ThrowAsJavaScriptException();
      return false;
    }
    out->s.push_back(e.As<Napi::String>().Utf8Value());
  }
  return true;
}

namespace {

int IntField(Napi::Object o, const char *k, int def) {
  Napi::Value v = o.Get(k);
  return v.IsNumber() ? v.As<Napi::Number>().Int32Value() : def;
}

// The file actions, from [{op: 'dup2', fd, newfd}, ...], in order.
bool ReadActions(Napi::Env env, Napi::Value v, ss_actions *fa) {
  ss_actions_init(fa);
  if (v.IsUndefined() || v.IsNull()) return true;
  if (!v.IsArray()) {
    Napi::TypeError::New(env, "actions must be an array").ThrowAsJavaScriptException();
    return false;
  }
  Napi::Array a = v.As<Napi::Array>();
  for (uint32_t i = 0; i < a.Length(); i++) {
    Napi::Value ev = a.Get(i);
    if (!ev.IsObject()) {
      Napi::TypeError::New(env, "each action must be an object").ThrowAsJavaScriptException();
      return false;
    }
    Napi::Object o = ev.As<Napi::Object>();
    std::string op = o.Get("op").ToString().Utf8Value();
    std::string path = o.Get("path").IsString() ? o.Get("path").As<Napi::String>().Utf8Value() : "";
    // add_* failures are sticky: ss_spawn reports them with their index.
    if (op == "dup2") ss_actions_add_dup2(fa, IntField(o, "fd", -1), IntField(o, "newfd", -1));
    else if (op == "close") ss_actions_add_close(fa, IntField(o, "fd", -1));
    else if (op == "open")
      ss_actions_add_open(fa, IntField(o, "fd", -1), path.c_str(), IntField(o, "flags", O_RDONLY),
                          (mode_t)IntField(o, "mode", 0666));
    else if (op == "chdir") ss_actions_add_chdir(fa, path.c_str());
    else if (op == "fchdir") ss_actions_add_fchdir(fa, IntField(o, "fd", -1));
    else if (op == "setpgid") ss_actions_add_setpgid(fa, IntField(o, "pgid", 0));
    else if (op == "setsid") ss_actions_add_setsid(fa);
    else if (op == "umask") ss_actions_add_umask(fa, (mode_t)IntField(o, "mask", 022));
    else if (op == "sigdefault") ss_actions_add_sigdefault(fa, IntField(o, "signal", -1));
    else if (op == "closefrom") ss_actions_add_closefrom(fa, IntField(o, "fd", -1));
    else if (op == "setuid") ss_actions_add_setuid(fa, (uid_t)IntField(o, "uid", 0));
    else if (op == "setgid") ss_actions_add_setgid(fa, (gid_t)IntField(o, "gid", 0));
    else if (op == "sigmask" || op == "setgroups") {
      Napi::Value lv = o.Get(op == "sigmask" ? "signals" : "groups");
      std::vector<int> list;
      if (lv.IsArray()) {
        Napi::Array la = lv.As<Napi::Array>();
        for (uint32_t j = 0; j < la.Length(); j++) list.push_back(la.Get(j).ToNumber().Int32Value());
      }
      if (op == "sigmask") {
        sigset_t m;
        sigemptyset(&m);
        for (int s : list) sigaddset(&m, s);
        ss_actions_add_sigmask(fa, &m);
      } else {
        std::vector<gid_t> g(list.begin(), list.end());
        ss_actions_add_setgroups(fa, g.size(), g.data());
      }
    } else {
      ss_actions_destroy(fa);
      Napi::TypeError::New(env, "unknown action op '" + op + "'").ThrowAsJavaScriptException();
      return false;
    }
  }
  return true;
}

// Everything a spawn call takes: (file, argv, {env, search, actions}).
struct SpawnArgs {
  std::string file;
  StringVec argv, env;
  bool has_env = false;
  bool search = false;
  ss_actions fa{};
  ~SpawnArgs() { ss_actions_destroy(&fa); }
};

bool ReadSpawnArgs(const Napi::CallbackInfo &info, SpawnArgs *a) {
  Napi::Env env = info.Env();
  if (info.Length() < 2 || !info[0].IsString()) {
    Napi::TypeError::New(env, "spawn(file, argv, options?)").ThrowAsJavaScriptException();
    return false;
  }
  a->file = info[0].As<Napi::String>().Utf8Value();
  if (!ReadStrings(env, info[1], &a->argv, "argv")) return false;
  if (info.Length() > 2 && info[2].IsObject()) {
    Napi::Object o = info[2].As<Napi::Object>();
    if (o.Has("env") && !o.Get("env").IsUndefined()) {
      if (!ReadStrings(env, o.Get("env"), &a->env, "env")) return false;
      a->has_env = true;
    }
    a->search = o.Get("search").ToBoolean().Value();
    if (!ReadActions(env, o.Get("actions"), &a->fa)) return false;
  }
  return true;
}

// ---------------------------------------------------------------- Child

// The pidfd-less fallback's shared state: the waiting thread may outlive the
// handle (a worker's teardown), so it only sends while `closed` is false.
struct ExitWatch {
  std::mutex mu;
  bool closed = false;
  uv_async_t *async = nullptr;
};

struct WatchArg {
  std::shared_ptr<ExitWatch> w;
  pid_t pid;
};

// Waits without reaping (WNOWAIT), then wakes the loop, which reaps.
void *WatchThread(void *p) {
  std::unique_ptr<WatchArg> a(static_cast<WatchArg *>(p));
  siginfo_t si;
  while (waitid(P_PID, (id_t)a->pid, &si, WEXITED | WNOWAIT) < 0 && errno == EINTR) {
  }
  std::lock_guard<std::mutex> lock(a->w->mu);
  if (!a->w->closed) uv_async_send(a->w->async);
  return nullptr;
}

class Child : public Napi::ObjectWrap<Child>, public Closer {
 public:
  static Napi::Function Init(Napi::Env env, AddonData *data) {
    Napi::Function f = DefineClass(env, "Child",
                                   {InstanceAccessor<&Child::Pid>("pid"), InstanceAccessor<&Child::Pidfd>("pidfd"),
                                    InstanceMethod<&Child::Kill>("kill"), InstanceMethod<&Child::KillGroup>("killGroup"),
                                    InstanceMethod<&Child::Wait>("wait"),
                                    InstanceMethod<&Child::WaitSync>("waitSync"),
                                    InstanceMethod<&Child::Release>("release"), InstanceMethod<&Child::Ref>("ref"),
                                    InstanceMethod<&Child::Unref>("unref")});
    data->child_ctor = Napi::Persistent(f);
    return f;
  }

  static Napi::Object New(Napi::Env env, const ss_child &c) {
    Napi::Object o = Data(env)->child_ctor.New({});
    Child::Unwrap(o)->c_ = c;
    return o;
  }

  Child(const Napi::CallbackInfo &info) : Napi::ObjectWrap<Child>(info) {
    c_.pid = -1, c_.pidfd = -1;
    data_ = Data(info.Env());
  }
  ~Child() override {
    // Not watching by now (a watch holds self_); an unwaited child keeps
    // running, only our descriptor goes.
    ss_child_release(&c_);
  }

  void CloseForTeardown() override {
    StopWatching();
    ss_child_release(&c_); // it runs on; like child_process's, nobody will reap it
    wait_cb_.Reset();
    self_.Reset();
  }

 private:
  ss_child c_;
  AddonData *data_;
  uv_poll_t *poll_ = nullptr;         // on the pidfd
  std::shared_ptr<ExitWatch> watch_;  // no pidfd
  bool refed_ = true;
  bool kill_group_ = false;
  Napi::FunctionReference wait_cb_;
  Napi::ObjectReference self_;

  bool Watching() const { return poll_ || watch_; }
  uv_handle_t *Handle() const {
    return poll_ ? reinterpret_cast<uv_handle_t *>(poll_) : reinterpret_cast<uv_handle_t *>(watch_->async);
  }

  Napi::Value Pid(const Napi::CallbackInfo &info) { return Napi::Number::New(info.Env(), c_.pid); }
  Napi::Value Pidfd(const Napi::CallbackInfo &info) { return Napi::Number::New(info.Env(), c_.pidfd); }

  Napi::Value Kill(const Napi::CallbackInfo &info) {
    int sig = info.Length() > 0 && info[0].IsNumber() ? info[0].As<Napi::Number>().Int32Value() : SIGTERM;
    int r = ss_kill(&c_, sig);
    if (r) ErrnoError(info.Env(), r, "kill").ThrowAsJavaScriptException();
    return info.Env().Undefined();
  }

  // The process group the child leads (setpgid action): only while the child
  // is unreaped, so its pid (the group's id) cannot have been reused.
  Napi::Value KillGroup(const Napi::CallbackInfo &info) {
    int sig = info.Length() > 0 && info[0].IsNumber() ? info[0].As<Napi::Number>().Int32Value() : SIGTERM;
    int r = c_.pid <= 0 ? ESRCH : kill(-c_.pid, sig) == 0 ? 0 : errno;
    if (r) ErrnoError(info.Env(), r, "kill").ThrowAsJavaScriptException();
    return info.Env().Undefined();
  }

  // Whether a watch keeps the event loop alive (child_process's ref/unref).
  Napi::Value Ref(const Napi::CallbackInfo &info) {
    refed_ = true;
    if (Watching()) uv_ref(Handle());
    return info.Env().Undefined();
  }
  Napi::Value Unref(const Napi::CallbackInfo &info) {
    refed_ = false;
    if (Watching()) uv_unref(Handle());
    return info.Env().Undefined();
  }

  static Napi::Object Status(Napi::Env env, int st) {
    Napi::Object r = Napi::Object::New(env);
    r.Set("code", WIFEXITED(st) ? Napi::Number::New(env, WEXITSTATUS(st)) : env.Null());
    r.Set("signal", WIFSIGNALED(st) ? Napi::Number::New(env, WTERMSIG(st)) : env.Null());
    return r;
  }

  Napi::Value WaitSync(const Napi::CallbackInfo &info) {
    int st = 0;
    int r;
    while ((r = ss_wait(&c_, &st, 0)) == EINTR) {
    }
    if (r) {
      ErrnoError(info.Env(), r, "wait").ThrowAsJavaScriptException();
      return info.Env().Undefined();
    }
    return Status(info.Env(), st);
  }

  // wait(cb(err, {code, signal}), killGroup?): the pidfd becomes readable when
  // the child exits; with killGroup, what is left of its process group is
  // killed before the child is reaped.  A child that has exited already (a
  // short program often has by the time its spawn's completion is handled)
  // is reaped at once and its status returned instead of calling cb: that
  // saves a turn of the loop per spawn.
  Napi::Value Wait(const Napi::CallbackInfo &info) {
    Napi::Env env = info.Env();
    if (info.Length() < 1 || !info[0].IsFunction()) {
      Napi::TypeError::New(env, "wait(callback)").ThrowAsJavaScriptException();
      return env.Undefined();
    }
    if (Watching()) {
      Napi::Error::New(env, "already waiting").ThrowAsJavaScriptException();
      return env.Undefined();
    }
    if (c_.pid <= 0) {
      ErrnoError(env, ECHILD, "wait").ThrowAsJavaScriptException();
      return env.Undefined();
    }
    const bool kill_group = info.Length() > 1 && info[1].ToBoolean().Value();
    if (c_.pidfd >= 0 && !kill_group) { // (the group is killed only once the child has exited)
      int st = 0;
      int e = ss_wait(&c_, &st, WNOHANG);
      if (e == 0) return Status(env, st);
      if (e != EAGAIN) {
        ErrnoError(env, e, "wait").ThrowAsJavaScriptException();
        return env.Undefined();
      }
    }
    uv_loop_t *loop = nullptr;
    napi_get_uv_event_loop(env, &loop);
    int r = c_.pidfd >= 0 ? StartPoll(loop) : StartWatchThread(loop);
    if (r) {
      ErrnoError(env, r, c_.pidfd >= 0 ? "uv_poll" : "wait thread").ThrowAsJavaScriptException();
      return env.Undefined();
    }
    if (!refed_) uv_unref(Handle());
    data_->live.insert(this);
    kill_group_ = kill_group;
    wait_cb_ = Napi::Persistent(info[0].As<Napi::Function>());
    self_ = Napi::Persistent(Value()); // alive until the exit arrives
    return env.Undefined();
  }

  static void OnPollExit(uv_poll_t *h, int status, int) { static_cast<Child *>(h->data)->OnExit(status < 0 ? -status : 0); }

  int StartPoll(uv_loop_t *loop) {
    poll_ = new uv_poll_t;
    int r = uv_poll_init(loop, poll_, c_.pidfd);
    if (r) {
      delete poll_; // never initialised: nothing to close
      poll_ = nullptr;
      return -r;
    }
    poll_->data = this;
    r = uv_poll_start(poll_, UV_READABLE, OnPollExit);
    if (r) {
      CloseUv(data_, reinterpret_cast<uv_handle_t *>(poll_), [](uv_handle_t *h) { delete reinterpret_cast<uv_poll_t *>(h); });
      poll_ = nullptr;
      return -r;
    }
    return 0;
  }

  int StartWatchThread(uv_loop_t *loop) {
    auto w = std::make_shared<ExitWatch>();
    w->async = new uv_async_t;
    int r = uv_async_init(loop, w->async, [](uv_async_t *h) { static_cast<Child *>(h->data)->OnExit(0); });
    if (r) {
      delete w->async;
      return -r;
    }
    w->async->data = this;
    watch_ = w;
    auto *arg = new WatchArg{w, c_.pid};
    // Every signal blocked on the thread: no handler of the process runs there.
    sigset_t all, old;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &old);
    pthread_t t;
    r = pthread_create(&t, nullptr, WatchThread, arg);
    pthread_sigmask(SIG_SETMASK, &old, nullptr);
    if (r == 0) pthread_detach(t);
    else delete arg;
    if (r) StopWatching();
    return r;
  }

  void StopWatching() {
    if (poll_) {
      uv_poll_stop(poll_);
      CloseUv(data_, reinterpret_cast<uv_handle_t *>(poll_), [](uv_handle_t *h) { delete reinterpret_cast<uv_poll_t *>(h); });
      poll_ = nullptr;
    }
    if (watch_) {
      {
        std::lock_guard<std::mutex> lock(watch_->mu);
        watch_->closed = true;
      }
      CloseUv(data_, reinterpret_cast<uv_handle_t *>(watch_->async), [](uv_handle_t *h) { delete reinterpret_cast<uv_async_t *>(h); });
      watch_.reset();
    }
    data_->live.erase(this);
  }

  void OnExit(int poll_error) {
    Napi::Env env = Env();
    if (!CanRunJs(env)) {
      if (poll_) uv_poll_stop(poll_);
      return;
    }
    Napi::HandleScope scope(env);
    int st = 0;
    if (!poll_error && kill_group_ && c_.pid > 0) kill(-c_.pid, SIGKILL);
    // Out of epoll before ss_wait closes the pidfd: a CLONE_VM child between
    // its clone and exec holds a copy of our descriptors, so a closed but
    // still registered pidfd would stay in the epoll set, readable, and spin
    // the loop until that child execs.
    if (poll_) uv_poll_stop(poll_);
    int r = poll_error ? poll_error : ss_wait(&c_, &st, WNOHANG);
    if (r == EAGAIN) { // spurious: keep polling
      if (poll_) uv_poll_start(poll_, UV_READABLE, OnPollExit);
      return;
    }
    StopWatching();
    Napi::FunctionReference cb = std::move(wait_cb_);
    Napi::ObjectReference keep = std::move(self_);
    // MakeCallback, not Call: from the event loop, so microtasks (promise
    // continuations) run after it.
    if (r)
      CallFromLoop(env, cb, env.Global(), {ErrnoError(env, r, "wait").Value(), env.Null()});
    else
      CallFromLoop(env, cb, env.Global(), {env.Null(), Status(env, st)});
  }

  Napi::Value Release(const Napi::CallbackInfo &info) {
    if (!Watching()) ss_child_release(&c_);
    return info.Env().Undefined();
  }
};

// ------------------------------------------------------------ spawn calls

Napi::Value Spawn(const Napi::CallbackInfo &info) {
  Napi::Env env = info.Env();
  SpawnArgs a;
  if (!ReadSpawnArgs(info, &a)) return env.Undefined();
  ss_child c;
  ss_error se;
  char *const *envp = a.has_env ? a.env.Get() : nullptr;
  int r = a.search ? ss_spawnp(&c, a.file.c_str(), &a.fa, a.argv.Get(), envp, &se)
                   : ss_spawn(&c, a.file.c_str(), &a.fa, a.argv.Get(), envp, &se);
  if (r) {
    SpawnError(env, a.file, se).ThrowAsJavaScriptException();
    return env.Undefined();
  }
  return Child::New(env, c);
}

} // namespace

Napi::Object NewChild(Napi::Env env, const ss_child &c) { return Child::New(env, c); }

// One helper-thread spawner per addon instance; completions arrive on its
// fd, polled by libuv on the main thread.  The poll stays started; it is
// referenced (keeps the loop alive) only while spawns are in flight, so a
// spawn costs no epoll_ctl.
struct AsyncState : Closer {
  ss_async *q = nullptr;
  uv_poll_t poll;
  bool polling = false;
  long pending = 0;
  napi_env env = nullptr;
  AddonData *data = nullptr;

  void CloseForTeardown() override {
    data->async = nullptr;
    if (polling) uv_poll_stop(&poll);
    CloseUv(data, reinterpret_cast<uv_handle_t *>(&poll), [](uv_handle_t *h) { delete static_cast<AsyncState *>(h->data); });
    // Waits for a spawn in progress and closes the fd.  Requests still
    // queued are spawned and their children left running, unreaped.
    ss_async_destroy(q);
    q = nullptr;
  }
};

namespace {

void OnAsyncReadable(uv_poll_t *h, int, int) {
  AsyncState *s = static_cast<AsyncState *>(h->data);
  Napi::Env env(s->env);
  if (!CanRunJs(env)) {
    uv_poll_stop(&s->poll);
    s->polling = false;
    return;
  }
  Napi::HandleScope scope(env);
  ss_completion c;
  while (s->q && ss_async_next(s->q, &c) == 0) {
    std::unique_ptr<Pending> p(static_cast<Pending *>(c.udata));
    for (int fd : p->close_after) close(fd);
    if (--s->pending == 0) uv_unref(reinterpret_cast<uv_handle_t *>(&s->poll)); // nothing in flight: the loop may end
    napi_value ends = env.Undefined();
    if (p->with_ends) {
      Napi::Array a = Napi::Array::New(env, p->ends.size());
      for (uint32_t i = 0; i < p->ends.size(); i++) a.Set(i, Napi::Number::New(env, p->ends[i]));
      ends = a;
    }
    if (c.error) {
      int fd = c.err.step >= 0 && (size_t)c.err.step < p->action_fd.size() ? p->action_fd[c.err.step] : -1;
      CallFromLoop(env, p->cb, env.Global(), {SpawnError(env, p->file, c.err, fd).Value(), env.Null(), ends});
    } else {
      CallFromLoop(env, p->cb, env.Global(), {env.Null(), Child::New(env, c.child), ends});
    }
  }
}

} // namespace

int QueueSpawn(Napi::Env env, const std::string &file, const ss_actions *fa, char *const argv[],
               char *const envp[], int flags, Pending *p) {
  AddonData *data = Data(env);
  if (!data->async) {
    auto *s = new AsyncState;
    int r = ss_async_create(&s->q, 1, nullptr, nullptr);
    uv_loop_t *loop = nullptr;
    napi_get_uv_event_loop(env, &loop);
    if (r == 0) r = -uv_poll_init(loop, &s->poll, ss_async_fd(s->q));
    if (r) {
      if (s->q) ss_async_destroy(s->q);
      delete s;
      return r;
    }
    s->poll.data = s;
    s->env = env;
    s->data = data;
    uv_unref(reinterpret_cast<uv_handle_t *>(&s->poll));
    data->async = s;
    data->live.insert(s);
  }
  AsyncState *s = data->async;
  if (!s->polling) {
    int r = uv_poll_start(&s->poll, UV_READABLE, OnAsyncReadable);
    if (r) return -r;
    s->polling = true;
  }
  int r = ss_spawn_async(s->q, file.c_str(), fa, argv, envp, flags, p);
  if (r) return r;
  if (s->pending++ == 0) uv_ref(reinterpret_cast<uv_handle_t *>(&s->poll));
  return 0;
}

namespace {

Napi::Value SpawnAsync(const Napi::CallbackInfo &info) {
  Napi::Env env = info.Env();
  if (info.Length() < 4 || !info[3].IsFunction()) {
    Napi::TypeError::New(env, "spawnAsync(file, argv, options, callback)").ThrowAsJavaScriptException();
    return env.Undefined();
  }
  SpawnArgs a;
  if (!ReadSpawnArgs(info, &a)) return env.Undefined();
  auto *p = new Pending;
  p->cb = Napi::Persistent(info[3].As<Napi::Function>());
  p->file = a.file;
  char *const *envp = a.has_env ? a.env.Get() : nullptr;
  int r = QueueSpawn(env, a.file, &a.fa, a.argv.Get(), envp, a.search ? SS_SPAWN_SEARCH_PATH : 0, p);
  if (r) {
    delete p;
    ErrnoError(env, r, "spawnAsync").ThrowAsJavaScriptException();
  }
  return env.Undefined();
}

// [readFd, writeFd], both close-on-exec (a dup2 action hands one to a child).
Napi::Value Pipe(const Napi::CallbackInfo &info) {
  int p[2];
  if (pipe2(p, O_CLOEXEC) < 0) {
    ErrnoError(info.Env(), errno, "pipe").ThrowAsJavaScriptException();
    return info.Env().Undefined();
  }
  Napi::Array a = Napi::Array::New(info.Env(), 2);
  a.Set(0u, p[0]);
  a.Set(1u, p[1]);
  return a;
}

Napi::Value Close(const Napi::CallbackInfo &info) {
  if (info.Length() < 1 || !info[0].IsNumber()) {
    Napi::TypeError::New(info.Env(), "close(fd)").ThrowAsJavaScriptException();
    return info.Env().Undefined();
  }
  if (close(info[0].As<Napi::Number>().Int32Value()) < 0) {
    ErrnoError(info.Env(), errno, "close").ThrowAsJavaScriptException();
  }
  return info.Env().Undefined();
}

// The environment is going away (a worker thread ends, or the process):
// close every handle we still have open, and tell Node when the closes are done.
void Teardown(napi_async_cleanup_hook_handle h, void *arg) {
  auto *d = static_cast<AddonData *>(arg);
  d->ending = true;
  d->hook = h;
  std::vector<Closer *> open(d->live.begin(), d->live.end());
  d->live.clear();
  for (Closer *c : open) c->CloseForTeardown();
  d->live.clear();
  // The references go while the environment can still delete them.
  d->child_ctor.Reset();
  d->pipe_ctor.Reset();
  d->pipe_onread.Reset();
  d->pipe_onwrite.Reset();
  MaybeFinishTeardown(d);
}

// AddonData is deleted by the teardown, not by napi: close callbacks may
// still need it after napi has finalized the instance data.
void KeepData(Napi::Env, AddonData *) {}

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  auto *data = new AddonData;
  data->scratch.resize(64 * 1024);
  env.SetInstanceData<AddonData, KeepData>(data);
  napi_async_cleanup_hook_handle h = nullptr;
  napi_add_async_cleanup_hook(env, Teardown, data, &h);
  exports.Set("Child", Child::Init(env, data));
  exports.Set("spawn", Napi::Function::New(env, Spawn));
  exports.Set("spawnAsync", Napi::Function::New(env, SpawnAsync));
  exports.Set("pipe", Napi::Function::New(env, Pipe));
  exports.Set("close", Napi::Function::New(env, Close));
  exports.Set("backend", Napi::String::New(env, ss_backend()));
  exports.Set("reportsStep", Napi::Boolean::New(env, ss_reports_step() != 0));
  InitNodeSpawn(env, exports);
  InitPipe(env, exports);
  return exports;
}

} // namespace
} // namespace ss_node

static Napi::Object InitAddon(Napi::Env env, Napi::Object exports) { return ss_node::Init(env, exports); }

NODE_API_MODULE(safespawn, InitAddon)
