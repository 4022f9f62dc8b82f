%% The BEAM side of otp4j's supervisor benchmarks: the same workloads as SupervisorProbe
%% (otp4j-bench/src/main/java/io/otp4j/bench/SupervisorProbe.java), on OTP's own supervisor and gen_server.
%%
%%   restart_to_ready   a one_for_one supervisor of one gen_server; a driver kills the child and waits for the
%%                      replacement's init to tell it it is ready; time per restart over a batch of Restarts
%%   start_tree_N       starting a supervisor of N idle gen_servers, until supervisor:start_link returns
%%   shutdown_tree_N    stopping that supervisor (gen_server:stop), until it is gone
%%   start_dynamic_N    N supervisor:start_child calls on a simple_one_for_one supervisor, one after the other
%%   shutdown_dynamic_N stopping that supervisor, which signals all its children at once and waits for them
%%
%% The supervisor's reports (one per killed child) are switched off, as on the Java side: the benchmarks
%% measure supervision, not the logger. One warm-up round first, not printed.
%%
%% Output: ITER <workload> <value> <unit> per measured round, then RESULT <workload> <median> <unit>.
%%
%% Run (otp4j-bench/run-supervisor does it):
%%   erlc -o DIR otp4j-bench/beam/supervisor_bench.erl
%%   erl -noshell +P 2000000 -pa DIR -run supervisor_bench main [Children] [Restarts] [Rounds]
-module(supervisor_bench).
-behaviour(supervisor).

-export([main/1]).
-export([init/1, handle_call/3, handle_cast/2, handle_info/2, start_worker/1]).

%% ------------------------------------------------------------------ callbacks: supervisor and worker in one module

init({supervisor, Flags, Specs}) -> {ok, {Flags, Specs}};
init({worker, none}) -> {ok, idle};
init({worker, Driver}) -> Driver ! {ready, self()}, {ok, idle}.

handle_call(_Request, _From, State) -> {reply, ok, State}.
handle_cast(_Request, State) -> {noreply, State}.
handle_info(_Message, State) -> {noreply, State}.

start_worker(Driver) -> gen_server:start_link(?MODULE, {worker, Driver}, []).

worker(Id, Driver) ->
    #{id => Id, start => {?MODULE, start_worker, [Driver]}, restart => permanent, shutdown => 5000,
      type => worker}.

%% ------------------------------------------------------------------ main

main(Args) ->
    [Children, Restarts, Rounds] =
        [list_to_integer(A) || A <- Args] ++ lists:nthtail(length(Args), [100000, 2000, 5]),
    logger:set_primary_config(level, none),
    process_flag(trap_exit, true),
    io:format("# OTP ~s, erts ~s, ~b schedulers online~n",
              [erlang:system_info(otp_release), erlang:system_info(version),
               erlang:system_info(schedulers_online)]),
    restart_to_ready(Restarts), % warm-up
    report(restart_to_ready, "ns/op", [restart_to_ready(Restarts) || _ <- lists:seq(1, Rounds)]),
    tree(Children), % warm-up
    Trees = [tree(Children) || _ <- lists:seq(1, Rounds)],
    Name = fun(What) -> list_to_atom(What ++ "_" ++ integer_to_list(Children)) end,
    report(Name("start_tree"), "ms", [S || {S, _} <- Trees]),
    report(Name("shutdown_tree"), "ms", [D || {_, D} <- Trees]),
    dynamic(Children), % warm-up
    Dynamics = [dynamic(Children) || _ <- lists:seq(1, Rounds)],
    report(Name("start_dynamic"), "ms", [S || {S, _} <- Dynamics]),
    report(Name("shutdown_dynamic"), "ms", [D || {_, D} <- Dynamics]),
    halt(0).

nanos() -> erlang:monotonic_time(nanosecond).

restart_to_ready(Restarts) ->
    Flags = #{strategy => one_for_one, intensity => 1000000, period => 1},
    {ok, Sup} = supervisor:start_link(?MODULE, {supervisor, Flags, [worker(worker, self())]}),
    First = receive {ready, P} -> P end,
    Start = nanos(),
    restarts(First, Restarts),
    Elapsed = nanos() - Start,
    gen_server:stop(Sup),
    Elapsed / Restarts.

restarts(_Child, 0) -> ok;
restarts(Child, N) ->
    exit(Child, kill),
    receive {ready, Next} -> restarts(Next, N - 1) end.

tree(Children) ->
    Flags = #{strategy => one_for_one, intensity => 3, period => 5},
    Specs = [worker(I, none) || I <- lists:seq(1, Children)],
    T0 = nanos(),
    {ok, Sup} = supervisor:start_link(?MODULE, {supervisor, Flags, Specs}),
    T1 = nanos(),
    gen_server:stop(Sup),
    T2 = nanos(),
    {(T1 - T0) / 1.0e6, (T2 - T1) / 1.0e6}.

dynamic(Children) ->
    Flags = #{strategy => simple_one_for_one, intensity => 3, period => 5},
    {ok, Sup} = supervisor:start_link(?MODULE, {supervisor, Flags, [worker(idle, none)]}),
    T0 = nanos(),
    [{ok, _} = supervisor:start_child(Sup, []) || _ <- lists:seq(1, Children)],
    T1 = nanos(),
    gen_server:stop(Sup),
    T2 = nanos(),
    {(T1 - T0) / 1.0e6, (T2 - T1) / 1.0e6}.

report(Name, Unit, Values) ->
    [io:format("ITER ~s ~.1f ~s~n", [Name, V, Unit]) || V <- Values],
    io:format("RESULT ~s ~.1f ~s~n", [Name, median(Values), Unit]).

median(Values) ->
    Sorted = lists:sort(Values),
    N = length(Sorted),
    case N rem 2 of
        1 -> lists:nth(N div 2 + 1, Sorted);
        0 -> (lists:nth(N div 2, Sorted) + lists:nth(N div 2 + 1, Sorted)) / 2
    end.
