%% The stage benchmark's twin on the BEAM: producer -> producer-consumer -> consumer exchanging demand and
%% events with GenStage's protocol (subscribe, ask with a count, events in batches; automatic demand between
%% min and max, a producer-consumer that takes events in only as its consumer asks). GenStage itself is a hex
%% package that cannot be installed here, so this is a minimal, faithful re-implementation in plain Erlang
%% processes: no dispatcher choice, no buffer, one subscription per stage.
%%
%% usage: erl -noshell -pa EBIN -run stage_bench main [EVENTS] [ROUNDS]
%% prints: RESULT stage maxDemand=M events_per_s=E (the median of ROUNDS runs, each of EVENTS events)
-module(stage_bench).
-export([main/0, main/1]).

main() -> main([]).

main(Args) ->
    {Events, Rounds} = case Args of
        [] -> {100000, 5};
        [E] -> {list_to_integer(E), 5};
        [E, R | _] -> {list_to_integer(E), list_to_integer(R)}
    end,
    io:format("# stage pipeline on the BEAM: ~p events per run, ~p runs per demand, ~p schedulers~n",
              [Events, Rounds, erlang:system_info(schedulers_online)]),
    lists:foreach(fun(Max) -> bench(Max, Events, Rounds) end, [1, 10, 100, 1000]),
    halt().

bench(Max, Events, Rounds) ->
    run(Max, Events), % warm-up
    Rates = lists:sort([run(Max, Events) || _ <- lists:seq(1, Rounds)]),
    Median = lists:nth((Rounds + 1) div 2, Rates),
    io:format("RESULT stage maxDemand=~p events_per_s=~.1f~n", [Max, Median]).

run(Max, Events) ->
    Min = Max div 2,
    Self = self(),
    T0 = erlang:monotonic_time(nanosecond),
    P = spawn_link(fun() -> producer(0, Events) end),
    PC = spawn_link(fun() -> pc_start(P, Min, Max) end),
    _C = spawn_link(fun() -> consumer_start(PC, Min, Max, Events, Self) end),
    receive {done, _Sum} -> ok end,
    T1 = erlang:monotonic_time(nanosecond),
    unlink(P), exit(P, kill), unlink(PC), exit(PC, kill),
    Events * 1.0e9 / (T1 - T0).

%% ---------------------------------------------------------------- producer: emits 0, 1, 2, ... as asked

producer(Next, Total) ->
    receive
        {subscribe, _Consumer, _Ref} ->
            producer(Next, Total);
        {ask, Consumer, Ref, N} ->
            Count = min(N, Total - Next),
            Consumer ! {events, Ref, lists:seq(Next, Next + Count - 1)},
            producer(Next + Count, Total)
    end.

%% ---------------------------------------------------------------- producer-consumer: adds one

pc_start(Producer, Min, Max) ->
    Ref = make_ref(),
    Producer ! {subscribe, self(), Ref},
    Producer ! {ask, self(), Ref, Max},
    pc(#{producer => Producer, ref => Ref, min => Min, max => Max, in_flight => Max,
         queue => queue:new(), queued => 0, demand => 0, consumer => undefined}).

pc(S) ->
    receive
        {subscribe, Consumer, DRef} ->
            pc(S#{consumer := {Consumer, DRef}});
        {ask, _Consumer, _DRef, N} ->
            pc(take(S#{demand := maps:get(demand, S) + N}));
        {events, _Ref, Events} ->
            pc(take(S#{queue := queue:join(maps:get(queue, S), queue:from_list(Events)),
                       queued := maps:get(queued, S) + length(Events)}))
    end.

%% Handles queued events as far as the downstream demand goes, in batches of at most max - min.
take(#{queued := 0} = S) -> S;
take(#{demand := 0} = S) -> S;
take(#{queue := Queue, queued := Queued, demand := Demand, min := Min, max := Max, in_flight := InFlight,
       consumer := {Consumer, DRef}, producer := Producer, ref := Ref} = S) ->
    Step = min(min(Demand, Queued), max(1, Max - Min)),
    {Batch, Rest} = queue:split(Step, Queue),
    Consumer ! {events, DRef, [E + 1 || E <- queue:to_list(Batch)]},
    Left = InFlight - Step,
    InFlight1 = case Left =< Min of
        true -> Producer ! {ask, self(), Ref, Max - Left}, Max;
        false -> Left
    end,
    take(S#{queue := Rest, queued := Queued - Step, demand := Demand - Step, in_flight := InFlight1}).

%% ---------------------------------------------------------------- consumer: sums

consumer_start(Producer, Min, Max, Total, Parent) ->
    Ref = make_ref(),
    Producer ! {subscribe, self(), Ref},
    Producer ! {ask, self(), Ref, Max},
    consumer(Producer, Ref, Min, Max, Max, 0, 0, Total, Parent).

consumer(Producer, Ref, Min, Max, InFlight, Seen, Sum, Total, Parent) ->
    receive
        {events, Ref, Events} ->
            {InFlight1, Seen1, Sum1} = batches(Events, Producer, Ref, Min, Max, InFlight, Seen, Sum),
            case Seen1 >= Total of
                true -> Parent ! {done, Sum1};
                false -> consumer(Producer, Ref, Min, Max, InFlight1, Seen1, Sum1, Total, Parent)
            end
    end.

batches([], _Producer, _Ref, _Min, _Max, InFlight, Seen, Sum) ->
    {InFlight, Seen, Sum};
batches(Events, Producer, Ref, Min, Max, InFlight, Seen, Sum) ->
    Step = min(length(Events), max(1, Max - Min)),
    {Batch, Rest} = lists:split(Step, Events),
    Sum1 = lists:foldl(fun(E, A) -> A + E end, Sum, Batch),
    Left = InFlight - Step,
    InFlight1 = case Left =< Min of
        true -> Producer ! {ask, self(), Ref, Max - Left}, Max;
        false -> Left
    end,
    batches(Rest, Producer, Ref, Min, Max, InFlight1, Seen + Step, Sum1).
