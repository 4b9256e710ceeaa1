// Node binding for safespawn: spawn (on the calling thread, or on a helper
// thread), kill and wait through the pidfd, and pipes for the child's stdio.
// Exits are observed by polling the pidfd on libuv's loop: no SIGCHLD
// handler, no thread blocked in waitpid.
#include <napi.h>
#include <uv.h>

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

extern "C" {
#include "../safespawn.h"
}

namespace {

std::string ErrName(int e) { return uv_err_name(-e); }

Napi::Error ErrnoError(Napi::Env env, int e, const std::string &what) {
  Napi::Error err = Napi::Error::New(env, what + ": " + ErrName(e) + " (" + std::strerror(e) + ")");
  err.Set("code", ErrName(e));
  err.Set("errno", Napi::Number::New(env, e));
  return err;
}

Napi::Error SpawnError(Napi::Env env, const std::string &file, const ss_error &se) {
  std::string step = se.step >= 0 ? " (action " + std::to_string(se.step) + ")" : "";
  Napi::Error err = ErrnoError(env, se.error, "spawn " + file + ": " + ss_kind_name(se.kind) + step);
  err.Set("step", Napi::Number::New(env, se.step));
  err.Set("kind", ss_kind_name(se.kind));
  err.Set("syscall", ss_kind_name(se.kind));
  err.Set("path", file);
  return err;
}

// argv / envp owned as strings, exposed as the char*[] exec wants.
struct StringVec {
  std::vector<std::string> s;
  std::vector<char *> p;
  char *const *Get() {
    p.clear();
    for (auto &x : s) p.push_back(const_cast<char *>(x.c_str()));
    p.push_back(nullptr);
    return p.data();
  }
};

bool ReadStrings(Napi::Env env, Napi::Value v, StringVec *out, const char *what) {
  if (!v.IsArray()) {
    Napi::TypeError::New(env, std::string(what) + " must be an array of strings").ThrowAsJavaScriptException();
    return false;
  }
  Napi::Array a = v.As<Napi::Array>();
  for (uint32_t i = 0; i < a.Length(); i++) {
    Napi::Value e = a.Get(i);
    if (!e.IsString()) {
      Napi::TypeError::New(env, std::string(what) + " must be an array of strings").ThrowAsJavaScriptException();
      return false;
    }
    out->s.push_back(e.As<Napi::String>().Utf8Value());
  }
  return true;
}

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

struct AsyncState;

// Per addon instance (main thread, each worker thread).
struct AddonData {
  Napi::FunctionReference child_ctor;
  AsyncState *async = nullptr;
};

// ---------------------------------------------------------------- Child

class Child : public Napi::ObjectWrap<Child> {
 public:
  static Napi::Function Init(Napi::Env env, AddonData *data) {
    Napi::Function f = DefineClass(env, "Child",
                                   {InstanceAccessor<&Child::Pid>("pid"), InstanceAccessor<&Child::Pidfd>("pidfd"),
                                    InstanceMethod<&Child::Kill>("kill"), InstanceMethod<&Child::KillGroup>("killGroup"),
                                    InstanceMethod<&Child::Wait>("wait"),
                                    InstanceMethod<&Child::WaitSync>("waitSync"),
                                    InstanceMethod<&Child::Release>("release")});
    data->child_ctor = Napi::Persistent(f);
    return f;
  }

  static Napi::Object New(Napi::Env env, const ss_child &c) {
    Napi::Object o = env.GetInstanceData<AddonData>()->child_ctor.New({});
    Child::Unwrap(o)->c_ = c;
    return o;
  }

  Child(const Napi::CallbackInfo &info) : Napi::ObjectWrap<Child>(info) { c_.pid = -1, c_.pidfd = -1; }
  ~Child() override {
    // An unwaited child keeps running; only our descriptor goes.
    if (!poll_) ss_child_release(&c_);
  }

 private:
  ss_child c_;
  uv_poll_t *poll_ = nullptr;
  bool kill_group_ = false;
  Napi::FunctionReference wait_cb_;
  Napi::ObjectReference self_;

  Napi::Value Pid(const Napi::CallbackInfo &info) { return Napi::Number::New(info.Env(), c_.pid); }
  Napi::Value Pidfd(const Napi::CallbackInfo &info) { return Napi::Number::New(info.Env(), c_.pidfd); }

  Napi::Value Kill(const Napi::CallbackInfo &info) {
    int sig = info.Length() > 0 && info[0].IsNumber() ? info[0].As<Napi::Number>().Int32Value() : SIGTERM;
    int r = ss_kill(&c_, sig);
    if (r) {
      ErrnoError(info.Env(), r, "kill").ThrowAsJavaScriptException();
      return info.Env().Undefined();
    }
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
  // killed before the child is reaped.
  Napi::Value Wait(const Napi::CallbackInfo &info) {
    Napi::Env env = info.Env();
    if (info.Length() < 1 || !info[0].IsFunction()) {
      Napi::TypeError::New(env, "wait(callback)").ThrowAsJavaScriptException();
      return env.Undefined();
    }
    if (poll_) {
      Napi::Error::New(env, "already waiting").ThrowAsJavaScriptException();
      return env.Undefined();
    }
    if (c_.pid <= 0 || c_.pidfd < 0) {
      // Reaped already, or no pidfd on this kernel: only WaitSync can help.
      ErrnoError(env, c_.pid <= 0 ? ECHILD : ENOSYS, "wait").ThrowAsJavaScriptException();
      return env.Undefined();
    }
    uv_loop_t *loop = nullptr;
    napi_get_uv_event_loop(env, &loop);
    poll_ = new uv_poll_t;
    int r = uv_poll_init(loop, poll_, c_.pidfd);
    if (r == 0) r = uv_poll_start(poll_, UV_READABLE, OnReadable);
    if (r) {
      delete poll_;
      poll_ = nullptr;
      ErrnoError(env, -r, "uv_poll").ThrowAsJavaScriptException();
      return env.Undefined();
    }
    poll_->data = this;
    kill_group_ = info.Length() > 1 && info[1].ToBoolean().Value();
    wait_cb_ = Napi::Persistent(info[0].As<Napi::Function>());
    self_ = Napi::Persistent(Value()); // alive until the exit arrives
    return env.Undefined();
  }

  static void OnReadable(uv_poll_t *h, int status, int) {
    Child *self = static_cast<Child *>(h->data);
    Napi::Env env = self->Env();
    Napi::HandleScope scope(env);
    int st = 0;
    if (status >= 0 && self->kill_group_ && self->c_.pid > 0) kill(-self->c_.pid, SIGKILL);
    int r = status < 0 ? -status : ss_wait(&self->c_, &st, WNOHANG);
    if (r == EAGAIN) return; // spurious: keep polling
    uv_poll_stop(h);
    uv_close(reinterpret_cast<uv_handle_t *>(h), [](uv_handle_t *hh) { delete reinterpret_cast<uv_poll_t *>(hh); });
    self->poll_ = nullptr;
    Napi::FunctionReference cb = std::move(self->wait_cb_);
    Napi::ObjectReference keep = std::move(self->self_);
    // MakeCallback, not Call: from the event loop, so microtasks (promise
    // continuations) run after it and a throw reaches 'uncaughtException'.
    if (r)
      cb.MakeCallback(env.Global(), {ErrnoError(env, r, "wait").Value(), env.Null()});
    else
      cb.MakeCallback(env.Global(), {env.Null(), Status(env, st)});
  }

  Napi::Value Release(const Napi::CallbackInfo &info) {
    if (!poll_) ss_child_release(&c_);
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

// One helper-thread spawner per addon instance; completions arrive on its
// fd, polled by libuv on the main thread.
struct AsyncState {
  ss_async *q = nullptr;
  uv_poll_t poll;
  bool polling = false;
  long pending = 0;
  napi_env env = nullptr;
};

struct Pending {
  Napi::FunctionReference cb;
  std::string file;
};

void OnAsyncReadable(uv_poll_t *h, int, int) {
  AsyncState *s = static_cast<AsyncState *>(h->data);
  Napi::Env env(s->env);
  Napi::HandleScope scope(env);
  ss_completion c;
  while (ss_async_next(s->q, &c) == 0) {
    std::unique_ptr<Pending> p(static_cast<Pending *>(c.udata));
    if (--s->pending == 0 && s->polling) {
      uv_poll_stop(&s->poll); // nothing in flight: let the loop exit
      s->polling = false;
    }
    if (c.error)
      p->cb.MakeCallback(env.Global(), {SpawnError(env, p->file, c.err).Value(), env.Null()});
    else
      p->cb.MakeCallback(env.Global(), {env.Null(), Child::New(env, c.child)});
  }
}

Napi::Value SpawnAsync(const Napi::CallbackInfo &info) {
  Napi::Env env = info.Env();
  if (info.Length() < 4 || !info[3].IsFunction()) {
    Napi::TypeError::New(env, "spawnAsync(file, argv, options, callback)").ThrowAsJavaScriptException();
    return env.Undefined();
  }
  SpawnArgs a;
  if (!ReadSpawnArgs(info, &a)) return env.Undefined();
  AddonData *data = env.GetInstanceData<AddonData>();
  if (!data->async) {
    auto *s = new AsyncState;
    int r = ss_async_create(&s->q, 1, nullptr, nullptr);
    uv_loop_t *loop = nullptr;
    napi_get_uv_event_loop(env, &loop);
    if (r == 0) r = -uv_poll_init(loop, &s->poll, ss_async_fd(s->q));
    if (r) {
      if (s->q) ss_async_destroy(s->q);
      delete s;
      ErrnoError(env, r, "spawnAsync").ThrowAsJavaScriptException();
      return env.Undefined();
    }
    s->poll.data = s;
    s->env = env;
    data->async = s;
    napi_add_env_cleanup_hook(
        env,
        [](void *arg) {
          auto *st = static_cast<AsyncState *>(arg);
          uv_close(reinterpret_cast<uv_handle_t *>(&st->poll),
                   [](uv_handle_t *h) { delete static_cast<AsyncState *>(h->data); });
          ss_async_destroy(st->q); // waits for a spawn in progress; closes the fd
        },
        s);
  }
  AsyncState *g_async = data->async;
  auto *p = new Pending{Napi::Persistent(info[3].As<Napi::Function>()), a.file};
  char *const *envp = a.has_env ? a.env.Get() : nullptr;
  int r = ss_spawn_async(g_async->q, a.file.c_str(), &a.fa, a.argv.Get(), envp,
                         a.search ? SS_ASYNC_SEARCH_PATH : 0, p);
  if (r) {
    delete p;
    ErrnoError(env, r, "spawnAsync").ThrowAsJavaScriptException();
    return env.Undefined();
  }
  if (g_async->pending++ == 0 && !g_async->polling) {
    uv_poll_start(&g_async->poll, UV_READABLE, OnAsyncReadable);
    g_async->polling = true;
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

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  auto *data = new AddonData;
  env.SetInstanceData(data);
  exports.Set("Child", Child::Init(env, data));
  exports.Set("spawn", Napi::Function::New(env, Spawn));
  exports.Set("spawnAsync", Napi::Function::New(env, SpawnAsync));
  exports.Set("pipe", Napi::Function::New(env, Pipe));
  exports.Set("close", Napi::Function::New(env, Close));
  exports.Set("backend", Napi::String::New(env, ss_backend()));
  exports.Set("reportsStep", Napi::Boolean::New(env, ss_reports_step() != 0));
  return exports;
}

} // namespace

NODE_API_MODULE(safespawn, Init)
