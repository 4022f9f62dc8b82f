%% The BEAM side of otp4j's GenServer benchmarks: the same workloads as GenServerBenchmark,
%% GenServerCallThroughputBenchmark, GenServerMemory and GenServerScaling (otp4j-bench/src/main/java/io/otp4j/bench),
%% on a gen_server of the same shape as BenchCounter: calls get and {increment, 1}, cast {add, 1}.
%%
%% Timed workloads run like the JMH ones: a driver hands a batch to client processes and waits for its end;
%% batches repeat for 1 s an iteration; 4 warm-up and 5 measured iterations. Memory: N servers, growth of
%% erlang:memory(processes), several rounds, the first round's figure. Scaling: call latency
%% with 10 servers alive, then with many.
%%
%% Output, one line per measured iteration or probe round, then a median:
%%   ITER <workload> <value> <unit>
%%   RESULT <workload> <median> <unit>
%%
%% Run (otp4j-bench/run-genserver does it):
%%   erlc -o DIR otp4j-bench/beam/genserver_bench.erl
%%   erl -noshell +P 2000000 -pa DIR -run genserver_bench main [Workloads] [MemoryCount] [ScalingCount]
%% Workloads: all, or a comma-separated list of: call_round_trip, call_throughput, cast_throughput, start,
%% memory, scaling.
-module(genserver_bench).
-behaviour(gen_server).

-export([main/1]).
-export([init/1, handle_call/3, handle_cast/2, handle_info/2]).
%% The timing harness, shared with table_bench.erl.
-export([client/1, batch/1, throughput/3]).

-define(CALLS, 10000).
-define(CASTS, 10000).
-define(STARTS, 1000).
-define(TOTAL_CALLS, 64000).
-define(WARMUP, 4).
-define(MEASURE, 5).
-define(SECOND, 1000000000).
-define(MEMORY_ROUNDS, 4).

%% ------------------------------------------------------------------ the server

init(hibernate) -> {ok, 0, hibernate};
init(plain) -> {ok, 0}.

handle_call(get, _From, N) -> {reply, N, N};
handle_call({increment, By}, _From, N) -> M = N + By, {reply, M, M}.

handle_cast({add, K}, N) -> {noreply, N + K}.

handle_info(_Message, N) -> {noreply, N}.

start_counter() ->
    {ok, Pid} = gen_server:start(?MODULE, plain, []),
    Pid.

start_hibernating() ->
    {ok, Pid} = gen_server:start(?MODULE, hibernate, []),
    Pid.

%% ------------------------------------------------------------------ main

main(Args) ->
    {Workloads, MemoryCount, ScalingCount} =
        case Args of
            [] -> {"all", 200000, 1000000};
            [W] -> {W, 200000, 1000000};
            [W, M] -> {W, list_to_integer(M), 1000000};
            [W, M, S | _] -> {W, list_to_integer(M), list_to_integer(S)}
        end,
    Selected = case Workloads of
                   "all" -> [call_round_trip, call_throughput, cast_throughput, start, memory, scaling];
                   _ -> [list_to_atom(W) || W <- string:split(Workloads, ",", all)]
               end,
    io:format("# OTP ~s, erts ~s, ~b schedulers online~n",
              [erlang:system_info(otp_release), erlang:system_info(version),
               erlang:system_info(schedulers_online)]),
    [run(W, MemoryCount, ScalingCount) || W <- Selected],
    halt(0).

run(call_round_trip, _, _) ->
    Server = start_counter(),
    Client = client(fun() -> calls(Server, ?CALLS) end),
    timed(call_round_trip, "ns/op", ?CALLS, fun() -> batch([Client]) end),
    stop([Client, Server]);
run(call_throughput, _, _) ->
    [call_throughput(Callers) || Callers <- [4, 64, 1000]];
run(cast_throughput, _, _) ->
    Server = start_counter(),
    Client = client(fun() -> casts(Server, ?CASTS), gen_server:call(Server, get) end),
    throughput(cast_throughput, ?CASTS, fun() -> batch([Client]) end),
    stop([Client, Server]);
run(start, _, _) ->
    %% start: one synchronous gen_server:start; the servers are stopped after the batch, outside the time.
    Starter = client(fun() ->
                             T0 = nanos(),
                             Pids = [start_counter() || _ <- lists:seq(1, ?STARTS)],
                             Elapsed = nanos() - T0,
                             [gen_server:stop(P) || P <- Pids],
                             {elapsed, Elapsed}
                     end),
    timed(start, "ns/op", ?STARTS, fun() -> batch([Starter]) end),
    %% start_stop: a synchronous start followed by a synchronous stop.
    StartStop = client(fun() -> [gen_server:stop(start_counter()) || _ <- lists:seq(1, ?STARTS)] end),
    timed(start_stop, "ns/op", ?STARTS, fun() -> batch([StartStop]) end),
    stop([Starter, StartStop]);
run(memory, Count, _) ->
    memory(memory_idle, Count, fun start_counter/0),
    memory(memory_hibernated, Count, fun start_hibernating/0);
run(scaling, _, Count) ->
    scaling(Count).

call_throughput(Callers) ->
    Server = start_counter(),
    Each = ?TOTAL_CALLS div Callers,
    Clients = [client(fun() -> calls(Server, Each) end) || _ <- lists:seq(1, Callers)],
    Name = list_to_atom("call_throughput_" ++ integer_to_list(Callers)),
    throughput(Name, ?TOTAL_CALLS, fun() -> batch(Clients) end),
    stop([Server | Clients]).

calls(_Server, 0) -> ok;
calls(Server, N) -> gen_server:call(Server, {increment, 1}), calls(Server, N - 1).

casts(_Server, 0) -> ok;
casts(Server, N) -> gen_server:cast(Server, {add, 1}), casts(Server, N - 1).

%% ------------------------------------------------------------------ clients and batches

%% A client process: on {go, Driver} runs Job and answers {done, self(), Result}.
client(Job) ->
    spawn(fun Loop() ->
                  receive
                      {go, Driver} -> Driver ! {done, self(), Job()}, Loop();
                      stop -> ok
                  end
          end).

%% Starts a batch on every client and waits for all; {return the time to count, in ns}: the whole batch,
%% or what a single client reports as {elapsed, Ns} if it measured itself (start).
batch(Clients) ->
    T0 = nanos(),
    [C ! {go, self()} || C <- Clients],
    Results = [receive {done, C, R} -> R end || C <- Clients],
    Elapsed = nanos() - T0,
    case Results of
        [{elapsed, Own}] -> Own;
        _ -> Elapsed
    end.

stop(Pids) ->
    [case is_process_alive(P) of
         true -> exit(P, kill);
         false -> ok
     end || P <- Pids],
    ok.

%% ------------------------------------------------------------------ iterations

nanos() -> erlang:monotonic_time(nanosecond).

%% One iteration: batches for at least 1 s of wall time; {return counted ns per operation}.
iteration(Batch, Ops) ->
    iteration(Batch, Ops, nanos(), 0, 0).

iteration(Batch, Ops, Start, Counted, Done) ->
    C = Counted + Batch(),
    D = Done + Ops,
    case nanos() - Start >= ?SECOND of
        true -> C / D;
        false -> iteration(Batch, Ops, Start, C, D)
    end.

%% Average time per operation.
timed(Name, Unit, Ops, Batch) ->
    samples(Name, Unit, fun() -> iteration(Batch, Ops) end).

%% Operations per second.
throughput(Name, Ops, Batch) ->
    samples(Name, "ops/s", fun() -> ?SECOND / iteration(Batch, Ops) end).

samples(Name, Unit, Iteration) ->
    [Iteration() || _ <- lists:seq(1, ?WARMUP)],
    Values = [begin
                  V = Iteration(),
                  io:format("ITER ~s ~.1f ~s~n", [Name, float(V), Unit]),
                  V
              end || _ <- lists:seq(1, ?MEASURE)],
    io:format("RESULT ~s ~.1f ~s~n", [Name, median(Values), Unit]).

median(Values) ->
    Sorted = lists:sort(Values),
    lists:nth(length(Sorted) div 2 + 1, Sorted).

%% ------------------------------------------------------------------ memory

%% Bytes per server: Count servers started by a process that then exits (so no list of pids is counted),
%% growth of erlang:memory(processes) divided by Count; 4 rounds (as run-genserver runs GenServerMemory),
%% the first round's figure (the first population in this node, as GenServerMemory reports otp4j's).
memory(Name, Count, Start) ->
    [First | _] = [memory_round(Name, Count, Start, Round) || Round <- lists:seq(1, ?MEMORY_ROUNDS)],
    io:format("RESULT ~s ~b B~n", [Name, round(First)]).

memory_round(Name, Count, Start, Round) ->
    Baseline = ordsets:from_list(erlang:processes()),
    settle(),
    Before = erlang:memory(processes),
    Self = self(),
    spawn(fun() -> start_many(Count, Start), Self ! started end),
    receive started -> ok end,
    wait_exited(Self),
    Servers = ordsets:subtract(ordsets:from_list(erlang:processes()), Baseline),
    length(Servers) >= Count orelse error({servers, length(Servers), Count}),
    Sample = hd(Servers),
    {memory, One} = process_info(Sample, memory),
    settle(),
    After = erlang:memory(processes),
    PerServer = (After - Before) / Count,
    io:format("round ~b: ~b servers (~s), processes memory grew ~b bytes, ~b bytes each "
              "(process_info of one: ~b)~n", [Round, Count, Name, After - Before, round(PerServer), One]),
    io:format("ITER ~s ~b B~n", [Name, round(PerServer)]),
    [exit(P, kill) || P <- Servers],
    wait_count(length(Baseline)),
    PerServer.

start_many(0, _Start) -> ok;
start_many(N, Start) -> Start(), start_many(N - 1, Start).

%% Waits until the starter has exited (it answered just before exiting).
wait_exited(_Self) -> timer:sleep(100).

wait_count(N) ->
    case erlang:system_info(process_count) > N of
        true -> timer:sleep(50), wait_count(N);
        false -> ok
    end.

settle() ->
    erlang:garbage_collect(),
    timer:sleep(200).

%% ------------------------------------------------------------------ scaling

%% Call latency with 10 servers, then with Count: to one server (the others idle) and spread over all of
%% them by the same linear congruential sequence as GenServerScaling.
scaling(Count) ->
    Few = [start_counter() || _ <- lists:seq(1, 10)],
    measure_scaling(Few, false, warmup),
    measure_scaling(Few, true, warmup),
    measure_scaling(Few, false, 10),
    measure_scaling(Few, true, 10),
    T0 = nanos(),
    More = start_list(Count - 10, []),
    io:format("started ~b more servers in ~.1f s (~b processes alive)~n",
              [Count - 10, (nanos() - T0) / ?SECOND, erlang:system_info(process_count)]),
    All = Few ++ More,
    measure_scaling(All, false, Count),
    measure_scaling(All, true, Count),
    stop(All).

start_list(0, Acc) -> Acc;
start_list(N, Acc) -> start_list(N - 1, [start_counter() | Acc]).

measure_scaling(Servers, Spread, Label) ->
    Targets = list_to_tuple(Servers),
    N = tuple_size(Targets),
    Job = case Spread of
              false -> fun() -> calls(element(1, Targets), ?CALLS) end;
              true -> fun() -> spread(Targets, N, ?CALLS) end
          end,
    Client = client(Job),
    Iteration = fun() -> iteration(fun() -> batch([Client]) end, ?CALLS) end,
    case Label of
        warmup ->
            [Iteration() || _ <- lists:seq(1, 3)];
        _ ->
            Values = [Iteration() || _ <- lists:seq(1, ?MEASURE)],
            Name = io_lib:format("scaling_~s_~b", [case Spread of true -> spread; false -> one end, Label]),
            [io:format("ITER ~s ~.1f ns/op~n", [Name, V]) || V <- Values],
            io:format("RESULT ~s ~.1f ns/op~n", [Name, median(Values)])
    end,
    stop([Client]).

%% The sequence goes on from one batch to the next, as in GenServerScaling.
spread(Targets, N, Calls) ->
    X = case get(lcg) of undefined -> 12345; V -> V end,
    put(lcg, spread(Targets, N, Calls, X)).

spread(_Targets, _N, 0, X) -> X;
spread(Targets, N, Calls, X) ->
    Next = (X * 1103515245 + 12345) band 16#7fffffff,
    gen_server:call(element(Next rem N + 1, Targets), {increment, 1}),
    spread(Targets, N, Calls - 1, Next).
