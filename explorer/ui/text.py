"""The app's words in English and Russian (the class that uses it speaks Russian)."""

from __future__ import annotations

import streamlit as st

from explorer.gan.config import PRESETS
from explorer.harmonic.presets import HARMONIC_PRESETS

LANGUAGES = {"en": "English", "ru": "Русский"}

TEXT: dict[str, dict[str, str]] = {
    "tagline": {
        "en": "Watch generative adversarial networks learn, live, from the lesson notes' own recipes.",
        "ru": "Смотрите, как учатся генеративно-состязательные сети — вживую, по рецептам из конспектов уроков.",
    },
    "what_is_gan": {"en": "What a GAN is", "ru": "Что такое GAN"},
    "gan_body": {
        "en": "Two networks play a game. The **generator G** turns random noise *z* into a picture. "
              "The **discriminator D** looks at a picture and says how likely it is to be real. "
              "D learns to tell real pictures from G's fakes; G learns to fool D. "
              "When neither can improve, G's pictures look like the real ones.",
        "ru": "Две сети играют в игру. **Генератор G** превращает случайный шум *z* в картинку. "
              "**Дискриминатор D** смотрит на картинку и оценивает, насколько она похожа на настоящую. "
              "D учится отличать настоящие картинки от подделок G, а G учится обманывать D. "
              "Когда ни одна сеть не может улучшиться, картинки G похожи на настоящие.",
    },
    "losses": {"en": "The two losses (student slides)", "ru": "Две функции потерь (слайды студентов)"},
    "losses_note": {
        "en": "D is also trained with real labels smoothed to 0.9 (lesson 1), so it never becomes too sure of itself.",
        "ru": "Метки настоящих картинок для D сглажены до 0.9 (урок 1), чтобы D не становился слишком уверенным.",
    },
    "real_digits": {"en": "What the GANs learn from", "ru": "На чём учатся сети"},
    "presets": {"en": "The recipes of the lesson notes", "ru": "Рецепты из конспектов уроков"},
    "judge": {"en": "How generated digits are judged", "ru": "Как оцениваются сгенерированные цифры"},
    "judge_body": {
        "en": "A small digit classifier, trained by the project on the digits above, looks at generated samples. "
              "**Inception-style score**: 10 when the samples are confident digits spread over all ten classes, "
              "1 when they all look alike or like nothing. **Class shares**: how often each digit appears "
              "(a GAN that forgets digits shows *mode collapse*). **Fréchet distance**: how far the samples' "
              "features are from real digits' (0 is best).",
        "ru": "Небольшой классификатор цифр, обученный проектом на цифрах выше, оценивает сгенерированные картинки. "
              "**Inception score**: 10, когда это уверенные цифры всех десяти классов поровну, и 1, когда все "
              "картинки одинаковы или ни на что не похожи. **Доли классов**: как часто встречается каждая цифра "
              "(сеть, забывшая цифры, показывает *коллапс мод*). **Расстояние Фреше**: насколько признаки картинок "
              "далеки от признаков настоящих цифр (0 — лучше всего).",
    },
    "judge_stats": {
        "en": "On the 10,000 held-out MNIST test digits it is right {acc:.1%} of the time; real digits score {score:.2f}.",
        "ru": "На 10 000 отложенных тестовых цифрах MNIST он прав в {acc:.1%} случаев; настоящие цифры получают {score:.2f}.",
    },
    "cli": {"en": "The same engine from a terminal", "ru": "Тот же движок из терминала"},
    "device": {"en": "Computing on", "ru": "Вычисления на"},
    "language": {"en": "Language", "ru": "Язык"},
    # --- Train page -------------------------------------------------------------------------
    "train_title": {"en": "Train a GAN", "ru": "Обучение GAN"},
    "train_intro": {
        "en": "Pick a recipe in the sidebar and press Start. After every epoch the generator draws the same 16 "
              "noise vectors again, so you see the same pictures take shape.",
        "ru": "Выберите рецепт на боковой панели и нажмите «Старт». После каждой эпохи генератор рисует те же "
              "16 векторов шума, и видно, как одни и те же картинки обретают форму.",
    },
    "settings": {"en": "Training settings", "ru": "Настройки обучения"},
    "preset": {"en": "Recipe", "ru": "Рецепт"},
    "dataset": {"en": "Pictures", "ru": "Картинки"},
    "epochs": {"en": "Epochs", "ru": "Эпохи"},
    "hyper": {"en": "Hyperparameters", "ru": "Гиперпараметры"},
    "lr_d": {"en": "D learning rate", "ru": "Скорость обучения D"},
    "lr_d_help": {"en": "How big D's steps are. Lower it when D wins too easily.",
                  "ru": "Размер шага D. Уменьшите, если D слишком легко побеждает."},
    "lr_g": {"en": "G learning rate", "ru": "Скорость обучения G"},
    "lr_g_help": {"en": "How big G's steps are.", "ru": "Размер шага G."},
    "beta1": {"en": "Adam β1 (momentum)", "ru": "β1 в Adam (инерция)"},
    "beta1_help": {"en": "The DCGAN paper uses 0.5: the default 0.9 makes the game oscillate.",
                   "ru": "В статье DCGAN 0.5: значение по умолчанию 0.9 раскачивает игру."},
    "batch": {"en": "Batch size", "ru": "Размер батча"},
    "batch_help": {"en": "Pictures per step.", "ru": "Картинок за шаг."},
    "latent": {"en": "Noise size (latent)", "ru": "Размер шума (латентного вектора)"},
    "latent_help": {"en": "How many random numbers G turns into a picture.",
                    "ru": "Сколько случайных чисел G превращает в картинку."},
    "smooth": {"en": "Real label (smoothing)", "ru": "Метка настоящих (сглаживание)"},
    "smooth_help": {"en": "D's target for real pictures: 0.9 keeps D from getting over-confident.",
                    "ru": "Цель D для настоящих картинок: 0.9 не даёт D стать слишком уверенным."},
    "half": {"en": "Half batch for D", "ru": "Половина батча для D"},
    "half_help": {"en": "D sees half a batch of real and half of fake pictures (lecture notes).",
                  "ru": "D видит пол-батча настоящих и пол-батча поддельных картинок (конспект лекций)."},
    "d_steps": {"en": "D steps per G step", "ru": "Шагов D на шаг G"},
    "d_steps_help": {"en": "Train D k times for each G update.", "ru": "Обучать D k раз на каждое обновление G."},
    "skip_d": {"en": "Skip D while its loss is below", "ru": "Пропускать D, пока его потери ниже"},
    "skip_d_help": {"en": "0 = never. Gives G a chance when D wins (lesson on training problems).",
                    "ru": "0 — никогда. Даёт G шанс, когда D побеждает (урок о проблемах обучения)."},
    "start": {"en": "Start", "ru": "Старт"},
    "pause": {"en": "Pause", "ru": "Пауза"},
    "resume": {"en": "Resume", "ru": "Продолжить"},
    "stop": {"en": "Stop", "ru": "Стоп"},
    "reset": {"en": "Reset", "ru": "Сброс"},
    "no_run": {"en": "Nothing is training yet: press Start.", "ru": "Пока ничего не обучается: нажмите «Старт»."},
    "queued": {"en": "Waiting for a free slot: {n} run(s) ahead in this room.",
               "ru": "Ожидание свободного места: впереди {n} запуск(а)."},
    "loading": {"en": "Preparing the data…", "ru": "Подготовка данных…"},
    "paused": {"en": "Paused.", "ru": "Пауза."},
    "stopped": {"en": "Stopped.", "ru": "Остановлено."},
    "finished": {"en": "Finished.", "ru": "Готово."},
    "progress": {"en": "Epoch {epoch}/{total} · step {step:,} · {rate:,.0f} images/s · {device} · ETA {eta}",
                 "ru": "Эпоха {epoch}/{total} · шаг {step:,} · {rate:,.0f} картинок/с · {device} · осталось {eta}"},
    "generated": {"en": "Generated (the same noise every epoch)", "ru": "Сгенерировано (один и тот же шум)"},
    "real": {"en": "Real pictures", "ru": "Настоящие картинки"},
    "losses_chart": {"en": "Losses", "ru": "Потери"},
    "dx_chart": {"en": "D(x) and D(G(z)): D's belief that a picture is real",
                 "ru": "D(x) и D(G(z)): насколько D верит, что картинка настоящая"},
    "timeline": {"en": "Look back: epoch", "ru": "Назад во времени: эпоха"},
    "follow": {"en": "Follow the latest epoch", "ru": "Показывать последнюю эпоху"},
    "explain": {"en": "What am I looking at?", "ru": "Что здесь показано?"},
    "explain_body": {
        "en": "**D loss** falls when D tells real from fake; **G loss** falls when G fools D. In a healthy game "
              "neither wins for long: the two curves wander around each other. **D(x)** is D's average "
              "belief that real pictures are real, **D(G(z))** the same for G's pictures; if D(G(z)) sinks "
              "to 0 and stays there, D has won and G learns little: lower D's learning rate, skip D's "
              "update while its loss is low, or smooth the real labels.",
        "ru": "**Потери D** падают, когда D отличает настоящее от подделки; **потери G** — когда G обманывает D. "
              "В здоровой игре никто не побеждает надолго: кривые блуждают друг около друга. **D(x)** — "
              "средняя уверенность D, что настоящие картинки настоящие, **D(G(z))** — то же для картинок G; "
              "если D(G(z)) падает к 0 и там остаётся, D победил, и G почти не учится: уменьшите скорость "
              "обучения D, пропускайте шаг D при малых потерях или сгладьте метки.",
    },
    "exports": {"en": "Take it with you", "ru": "Забрать с собой"},
    "gif": {"en": "Training as a GIF", "ru": "Обучение в GIF"},
    "csv": {"en": "Losses (CSV)", "ru": "Потери (CSV)"},
    "ckpt": {"en": "Checkpoint", "ru": "Чекпойнт"},
    "config_json": {"en": "Settings (JSON)", "ru": "Настройки (JSON)"},
    "exports_when": {"en": "Pause or stop the training to download its results.",
                     "ru": "Поставьте обучение на паузу или остановите его, чтобы скачать результаты."},
    "d_wins": {
        "en": "**D is winning.** It spots almost every fake (D(G(z)) ≈ 0), so G gets almost no signal to learn "
              "from. Try a lower D learning rate, skip D's update while its loss is below 0.3, or smooth the "
              "real labels to 0.9.",
        "ru": "**D побеждает.** Он распознаёт почти каждую подделку (D(G(z)) ≈ 0), и G почти не получает сигнала "
              "для обучения. Уменьшите скорость обучения D, пропускайте шаг D при потерях ниже 0.3 или "
              "сгладьте метки настоящих до 0.9.",
    },
    "quality_chart": {"en": "Digit judge: score per epoch, and which digits G draws",
                      "ru": "Судья цифр: оценка по эпохам и какие цифры рисует G"},
    "mode_collapse": {
        "en": "**Mode collapse?** The judge sees G drawing mostly {detail}: it has found a few pictures that fool D "
              "and forgets the other digits. Try smoothing the real labels to 0.9, lower learning rates, or "
              "another seed.",
        "ru": "**Коллапс мод?** Судья видит, что G рисует в основном {detail}: он нашёл несколько картинок, "
              "обманывающих D, и забывает остальные цифры. Сгладьте метки настоящих до 0.9, уменьшите скорости "
              "обучения или смените seed.",
    },
    "no_variety": {
        "en": "**Mode collapse?** G's pictures have stopped varying: they differ from one another only {detail} as "
              "much as real pictures do. It has found one picture that fools D and draws it for every noise "
              "vector. Try smoothing the real labels to 0.9, lower learning rates, or another seed.",
        "ru": "**Коллапс мод?** Картинки G перестали различаться: они отличаются друг от друга лишь на {detail} "
              "от того, как различаются настоящие. G нашёл одну картинку, обманывающую D, и рисует её для "
              "любого шума. Сгладьте метки настоящих до 0.9, уменьшите скорости обучения или смените seed.",
    },
    # --- navigation, datasets, your own pictures ------------------------------------------------
    "nav_home": {"en": "Home", "ru": "Главная"},
    "nav_train": {"en": "Train", "ru": "Обучение"},
    "nav_latent": {"en": "Latent space", "ru": "Латентное пространство"},
    "nav_harmonic": {"en": "Harmonic GAN", "ru": "Гармоническая GAN"},
    "harm_title": {"en": "Harmonic GAN: a GAN learns a curve", "ru": "Гармоническая GAN: сеть учит кривую"},
    "harm_intro": {
        "en": "The student slides' smallest GAN: the real data are 1,024 points on y = sin x, G turns 2 random numbers "
              "into a point (x, y), D tells real points from G's. Everything is in one plane, so you can watch the game.",
        "ru": "Самая маленькая GAN со слайдов: настоящие данные — 1 024 точки на кривой y = sin x, G превращает 2 случайных "
              "числа в точку (x, y), D отличает настоящие точки от точек G. Всё происходит на одной плоскости — игру видно.",
    },
    "harm_setup": {"en": "The game", "ru": "Игра"},
    "harm_recipe": {"en": "Recipe", "ru": "Рецепт"},
    "harm_curve_kind": {"en": "Real data", "ru": "Настоящие данные"},
    "harm_kind_sine": {"en": "sine", "ru": "синус"},
    "harm_kind_circle": {"en": "circle", "ru": "окружность"},
    "harm_kind_moons": {"en": "two moons", "ru": "две луны"},
    "harm_amplitude": {"en": "Amplitude (radius)", "ru": "Амплитуда (радиус)"},
    "harm_frequency": {"en": "Frequency", "ru": "Частота"},
    "harm_phase": {"en": "Phase", "ru": "Фаза"},
    "harm_harmonics": {"en": "Harmonics (2nd, 3rd, …)", "ru": "Гармоники (2-я, 3-я, …)"},
    "harm_harmonics_help": {"en": "Relative amplitudes of the higher harmonics, separated by commas: 0.5, 0.25 adds "
                                  "half a sin 2x and a quarter of a sin 3x.",
                            "ru": "Относительные амплитуды высших гармоник через запятую: 0.5, 0.25 добавляет "
                                  "половину sin 2x и четверть sin 3x."},
    "harm_harmonics_bad": {"en": "Harmonics are numbers separated by commas, for example 0.5, 0.25.",
                           "ru": "Гармоники — это числа через запятую, например 0.5, 0.25."},
    "harm_noise": {"en": "Noise on y", "ru": "Шум по y"},
    "harm_epochs": {"en": "Epochs", "ru": "Эпохи"},
    "harm_compare": {"en": "Beside it: the slides' recipe", "ru": "Рядом: рецепт со слайдов"},
    "harm_compare_help": {"en": "Trains the slides' recipe, as written, next to the chosen one on the same curve.",
                          "ru": "Рядом на той же кривой учится рецепт со слайдов, как он записан."},
    "harm_new_run": {"en": "New game with these settings", "ru": "Новая игра с этими настройками"},
    "harm_play": {"en": "Play", "ru": "Пуск"},
    "harm_pause": {"en": "Pause", "ru": "Пауза"},
    "harm_step": {"en": "Step", "ru": "Шаг"},
    "harm_step_help": {"en": "One training step of the chosen net(s), then pause.",
                       "ru": "Один шаг обучения выбранных сетей, затем пауза."},
    "harm_train_what": {"en": "Train", "ru": "Учить"},
    "harm_phase_both": {"en": "both", "ru": "обе"},
    "harm_phase_d": {"en": "D only", "ru": "только D"},
    "harm_phase_g": {"en": "G only", "ru": "только G"},
    "harm_speed": {"en": "Speed", "ru": "Скорость"},
    "harm_speed_full": {"en": "full", "ru": "полная"},
    "harm_speed_slow": {"en": "slow", "ru": "медленно"},
    "harm_speed_slower": {"en": "slower", "ru": "медленнее"},
    "harm_speed_slowest": {"en": "slow motion", "ru": "замедленно"},
    "harm_lr_d": {"en": "D learning rate", "ru": "Скорость обучения D"},
    "harm_lr_g": {"en": "G learning rate", "ru": "Скорость обучения G"},
    "harm_d_steps": {"en": "D steps per G step", "ru": "Шагов D на шаг G"},
    "harm_d_steps_help": {"en": "Changes apply at once, without starting over.",
                          "ru": "Изменения действуют сразу, без перезапуска."},
    "harm_show_heat": {"en": "D's opinion", "ru": "Мнение D"},
    "harm_show_manifold": {"en": "G's manifold", "ru": "Многообразие G"},
    "harm_show_arrows": {"en": "Push on G's points", "ru": "Куда тянут точки G"},
    "harm_show_real": {"en": "Real points", "ru": "Настоящие точки"},
    "harm_manifold": {"en": "G's manifold", "ru": "многообразие G"},
    "harm_arrows": {"en": "push on G's points", "ru": "куда тянут точки G"},
    "harm_fake": {"en": "G's points", "ru": "точки G"},
    "harm_real": {"en": "real points", "ru": "настоящие точки"},
    "harm_curve": {"en": "the curve", "ru": "кривая"},
    "harm_starting": {"en": "Starting the game…", "ru": "Запускаем игру…"},
    "harm_look_back": {"en": "Look back (recorded moments)", "ru": "Назад во времени (записанные моменты)"},
    "harm_moment": {"en": "epoch {epoch} ({seconds:.1f} s)", "ru": "эпоха {epoch} ({seconds:.1f} с)"},
    "harm_look_back_help": {"en": "Every moment the page drew is kept: move back to see the game then.",
                            "ru": "Каждый нарисованный момент сохранён: вернитесь назад, чтобы увидеть игру тогда."},
    "harm_status": {"en": "**{state}** · epoch {epoch} · step {step:,} · {seconds:.1f} s of training · "
                          "D(x) {d_real:.2f} · D(G(z)) {d_fake:.2f}",
                    "ru": "**{state}** · эпоха {epoch} · шаг {step:,} · {seconds:.1f} с обучения · "
                          "D(x) {d_real:.2f} · D(G(z)) {d_fake:.2f}"},
    "harm_state_starting": {"en": "Starting", "ru": "Запуск"},
    "harm_state_running": {"en": "Training", "ru": "Обучается"},
    "harm_state_paused": {"en": "Paused", "ru": "Пауза"},
    "harm_state_finished": {"en": "Finished", "ru": "Готово"},
    "harm_state_stopped": {"en": "Stopped", "ru": "Остановлено"},
    "harm_state_failed": {"en": "Failed", "ru": "Ошибка"},
    "harm_distance": {"en": "Distance", "ru": "Расстояние"},
    "harm_distance_help": {"en": "Mean |y − sin x| of 2,000 generated points (for the circle and moons: the distance "
                                 "to the nearest point of the curve). Goal: 0.05 or less.",
                           "ru": "Среднее |y − sin x| по 2 000 точкам G (для окружности и лун — расстояние до "
                                 "ближайшей точки кривой). Цель: не больше 0.05."},
    "harm_within": {"en": "Within 0.1", "ru": "Ближе 0.1"},
    "harm_within_help": {"en": "Share of generated points closer than 0.1 to the curve. Goal: 90% or more.",
                         "ru": "Доля точек G ближе 0.1 к кривой. Цель: не меньше 90%."},
    "harm_coverage": {"en": "Coverage gap", "ru": "Неравномерность"},
    "harm_coverage_help": {"en": "How unevenly G's points cover the curve: the Wasserstein distance of their x (their "
                                 "place along the curve) to an even spread, in units of x. 0 is even; 1,000 truly "
                                 "even points score about 0.06. Goal: 0.1 or less.",
                           "ru": "Насколько неравномерно точки G покрывают кривую: расстояние Вассерштейна их x "
                                 "(места вдоль кривой) до равномерного, в единицах x. 0 — равномерно; 1 000 "
                                 "настоящих точек дают около 0.06. Цель: не больше 0.1."},
    "harm_js_help": {"en": "Jensen–Shannon divergence between real and generated points counted on a 48×48 grid "
                           "(as GAN Lab charts it): 0 = the same, 1 = nothing in common.",
                     "ru": "Дивергенция Йенсена–Шеннона между настоящими и сгенерированными точками, посчитанными "
                           "по сетке 48×48 (как в GAN Lab): 0 — одинаково, 1 — ничего общего."},
    "harm_losses": {"en": "Losses", "ru": "Потери"},
    "harm_fit": {"en": "Fit (log scale; dashed: goals 0.05 and 0.1)", "ru": "Точность (лог. шкала; пунктир: цели 0.05 и 0.1)"},
    "harm_replay": {"en": "Replay the whole game (plays in the browser)", "ru": "Повтор всей игры (в браузере)"},
    "harm_how_to_read": {"en": "How to read the picture", "ru": "Как читать картинку"},
    "harm_how_to_read_body": {
        "en": "- **Green dots** are the real points, **purple dots** are G's.\n"
              "- **The background** is D's opinion: green where it says *real*, purple where it says *fake*, white where "
              "it cannot tell. When G has won, the background is white where the curve is.\n"
              "- **The faint purple grid** is G's manifold: where a grid of latent points (z) lands. It shows how G folds "
              "the flat 2-D noise onto the curve.\n"
              "- **The short lines** show where G's loss pushes each of its points: up D's slope, towards *real*.\n"
              "- Train **D only** and watch the background sharpen; then **G only** and watch the points run up the "
              "slope. Turn D's learning rate up and the game loses its balance.",
        "ru": "- **Зелёные точки** — настоящие, **фиолетовые** — точки G.\n"
              "- **Фон** — мнение D: зелёный, где D говорит «настоящая», фиолетовый — «подделка», белый — «не знаю». "
              "Когда G выиграл, фон вдоль кривой белый.\n"
              "- **Бледная фиолетовая сетка** — многообразие G: куда попадает сетка латентных точек z. Видно, как G "
              "складывает плоский двумерный шум на кривую.\n"
              "- **Короткие линии** показывают, куда функция потерь G тянет каждую его точку: вверх по склону D, к "
              "«настоящим».\n"
              "- Учите **только D** — фон становится резче; затем **только G** — точки бегут вверх по склону. "
              "Увеличьте скорость обучения D — и игра теряет равновесие.",
    },
    # --- Latent space page -----------------------------------------------------------------------
    "latent_title": {"en": "Latent space", "ru": "Латентное пространство"},
    "latent_intro": {
        "en": "Every picture G draws comes from a point z of random numbers. Walk from one point to another and "
              "watch one digit turn into the next; move along the directions in which G's pictures change most.",
        "ru": "Каждая картинка G получается из точки z — набора случайных чисел. Пройдите от одной точки к другой "
              "и посмотрите, как одна цифра превращается в другую; двигайтесь вдоль направлений, в которых "
              "картинки G меняются сильнее всего.",
    },
    "latent_generator": {"en": "Generator", "ru": "Генератор"},
    "latent_live": {"en": "The Train page's run (epoch {epoch}, live)", "ru": "Запуск на странице обучения (эпоха {epoch}, вживую)"},
    "latent_none": {"en": "No generator yet: none is shipped in checkpoints/, and the Train page has not finished an "
                          "epoch. Train for an epoch, then come back.",
                    "ru": "Пока нет генератора: в checkpoints/ нет готовых, а на странице обучения не прошло ни одной "
                          "эпохи. Обучите хотя бы эпоху и вернитесь."},
    "latent_scores": {"en": "judge: score {score:.2f}, digits {low:.0%}–{high:.0%}",
                      "ru": "судья: оценка {score:.2f}, цифры {low:.0%}–{high:.0%}"},
    "latent_how_made": {"en": "How it was made", "ru": "Как он получен"},
    "latent_trained": {"en": "epochs: {epochs}, {seconds} s on {device}", "ru": "эпох: {epochs}, {seconds} с на {device}"},
    "latent_walk": {"en": "From A to B", "ru": "От A к B"},
    "latent_seed_a": {"en": "Point A (seed)", "ru": "Точка A (seed)"},
    "latent_seed_b": {"en": "Point B (seed)", "ru": "Точка B (seed)"},
    "latent_reroll": {"en": "Another", "ru": "Другая"},
    "latent_mode": {"en": "Path", "ru": "Путь"},
    "latent_mode_help": {
        "en": "lerp: the straight line, which passes closer to the origin than any point G was trained on; "
              "slerp: along the sphere where random points live (usually sharper in the middle).",
        "ru": "lerp — прямая линия, проходящая ближе к началу координат, чем любая точка, на которой учился G; "
              "slerp — по сфере, где лежат случайные точки (обычно в середине чётче).",
    },
    "latent_frames": {"en": "Frames in the strip", "ru": "Кадров в ленте"},
    "latent_t_help": {"en": "0 = A, 1 = B", "ru": "0 — A, 1 — B"},
    "latent_directions": {"en": "Directions", "ru": "Направления"},
    "latent_directions_help": {
        "en": "The principal directions of G (GANSpace): where its first layer varies most over many random "
              "points, carried back to z. Each slider moves the same eight samples along one direction.",
        "ru": "Главные направления G (GANSpace): где его первый слой сильнее всего меняется на многих случайных "
              "точках, перенесённые обратно в z. Каждый ползунок сдвигает одни и те же восемь картинок вдоль "
              "одного направления.",
    },
    "latent_direction": {"en": "Direction {i} ({share:.0%} of the variance)", "ru": "Направление {i} ({share:.0%} дисперсии)"},
    "latent_psi": {"en": "Truncation ψ", "ru": "Усечение ψ"},
    "latent_psi_help": {"en": "Below 1: points pulled toward the centre — more typical, less varied pictures.",
                        "ru": "Меньше 1: точки стянуты к центру — картинки типичнее, но однообразнее."},
    "latent_samples_seed": {"en": "Samples (seed)", "ru": "Картинки (seed)"},
    "latent_new_samples": {"en": "New samples", "ru": "Новые картинки"},
    "latent_centre": {"en": "Back to the centre", "ru": "Вернуть в центр"},
    "latent_path": {"en": "A path through several points", "ru": "Путь через несколько точек"},
    "latent_path_seeds": {"en": "Points along the way (seeds)", "ru": "Точки по пути (seed)"},
    "latent_path_help": {"en": "Seeds separated by commas; the walk goes through them in order and back to the first.",
                         "ru": "Seed через запятую; путь проходит их по порядку и возвращается к первой."},
    "latent_path_error": {"en": "Write at least two seeds (whole numbers) separated by commas, e.g. 1, 2, 3.",
                          "ru": "Напишите хотя бы два seed (целые числа) через запятую, например 1, 2, 3."},
    "latent_path_caption": {"en": "{n} points, 12 frames between each two ({mode}), looping.",
                            "ru": "{n} точек, по 12 кадров между соседними ({mode}), по кругу."},
    "latent_path_download": {"en": "The walk as a GIF", "ru": "Путь в GIF"},
    "latent_arithmetic": {"en": "Latent arithmetic", "ru": "Арифметика в латентном пространстве"},
    "latent_arith_plus": {"en": "Add the average z of G's…", "ru": "Прибавить средний z всех…"},
    "latent_arith_minus": {"en": "…minus the average z of its…", "ru": "…минус средний z всех…"},
    "latent_arith_strength": {"en": "How much", "ru": "Насколько"},
    "latent_arith_caption": {"en": "Averages over the {n_a} samples the judge read as {a} and the {n_b} it read as {b}, "
                                   "out of 4,000.",
                             "ru": "Средние по {n_a} картинкам, в которых судья увидел {a}, и {n_b}, где он увидел "
                                   "{b}, из 4 000."},
    "latent_arith_rows": {"en": "Top: the samples (judged {top}). Bottom: the same plus the difference (judged {bottom}).",
                          "ru": "Сверху: картинки (судья: {top}). Снизу: те же плюс разность (судья: {bottom})."},
    "latent_from_own": {"en": "Start from your digit (instead of A)", "ru": "Начать с вашей цифры (вместо A)"},
    "latent_project": {"en": "Your own digit in the latent space", "ru": "Ваша цифра в латентном пространстве"},
    "latent_project_upload": {"en": "A photo or drawing of one digit", "ru": "Фото или рисунок одной цифры"},
    "latent_project_draw_tab": {"en": "Draw it", "ru": "Нарисовать"},
    "latent_project_upload_tab": {"en": "Upload a photo", "ru": "Загрузить фото"},
    "latent_project_draw": {"en": "Draw one digit, big, in the middle of the pad.",
                            "ru": "Нарисуйте одну цифру, крупно, посередине."},
    "latent_project_clear": {"en": "Clear", "ru": "Стереть"},
    "latent_project_help": {"en": "Dark on light paper or light on dark, any size: it is cropped, centred and "
                                  "shrunk to 28×28 the way MNIST was.",
                            "ru": "Тёмная на светлом или светлая на тёмном, любого размера: картинка обрезается, "
                                  "центрируется и уменьшается до 28×28, как в MNIST."},
    "latent_project_go": {"en": "Find it in the latent space", "ru": "Найти её в латентном пространстве"},
    "latent_projecting": {"en": "Searching for the z whose picture is closest…", "ru": "Ищем z, чья картинка ближе всего…"},
    "latent_project_ready": {"en": "Your digit, as G will see it", "ru": "Ваша цифра, как её увидит G"},
    "latent_project_caption": {
        "en": "Left: your digit. Right: the closest picture G can draw (pixel error {first:.3f} → {last:.3f}; the judge "
              "reads a {digit}). The walk above now starts from it.",
        "ru": "Слева — ваша цифра, справа — самая похожая картинка, которую может нарисовать G (ошибка {first:.3f} → "
              "{last:.3f}; судья видит {digit}). Путь выше теперь начинается с неё.",
    },
    "latent_judged": {"en": "The judge reads: {digits}", "ru": "Судья видит: {digits}"},
    "ds_mnist": {"en": "MNIST (digits)", "ru": "MNIST (цифры)"},
    "ds_fashion": {"en": "Fashion-MNIST (clothes)", "ru": "Fashion-MNIST (одежда)"},
    "ds_pictures": {"en": "Your own pictures", "ru": "Свои картинки"},
    "upload": {"en": "A zip of pictures (or several picture files)",
               "ru": "Zip-архив с картинками (или несколько файлов картинок)"},
    "upload_help": {
        "en": "PNG, JPEG, GIF, BMP, WebP or TIFF; each is cropped to its central square and shrunk. Faces, "
              "cats, leaves: a few hundred similar pictures are enough to see something (the slides used "
              "10,000 faces). Files that are not pictures are skipped and counted.",
        "ru": "PNG, JPEG, GIF, BMP, WebP или TIFF; из каждой вырезается центральный квадрат и уменьшается. Лица, "
              "кошки, листья: нескольких сотен похожих картинок хватит, чтобы что-то увидеть (на слайдах — "
              "10 000 лиц). Файлы, которые не являются картинками, пропускаются и подсчитываются.",
    },
    "picture_size": {"en": "Train at", "ru": "Размер для обучения"},
    "upload_first": {"en": "Upload pictures to train on them.", "ru": "Загрузите картинки, чтобы обучать на них."},
    "reading": {"en": "Reading the pictures…", "ru": "Чтение картинок…"},
    "too_few_for_batch": {
        "en": "{n} pictures are fewer than one batch for D ({batch}): upload more or choose a smaller batch.",
        "ru": "{n} картинок меньше одного батча для D ({batch}): загрузите больше или уменьшите батч.",
    },
    "start_failed": {"en": "Could not start: {error}. Free some disk space and press Start again.",
                     "ru": "Не удалось начать: {error}. Освободите место на диске и снова нажмите «Старт»."},
    # --- charts -------------------------------------------------------------------------------
    "epoch_n": {"en": "epoch {n}", "ru": "эпоха {n}"},
    "axis_step": {"en": "step", "ru": "шаг"},
    "axis_epoch": {"en": "epoch", "ru": "эпоха"},
    "axis_digit": {"en": "digit", "ru": "цифра"},
    "per_epoch": {"en": "epoch mean", "ru": "среднее за эпоху"},
    "click_hint": {"en": "click an epoch's dot to see its pictures",
                   "ru": "щёлкните по точке эпохи, чтобы увидеть её картинки"},
}

# The recipes' titles and descriptions: English from explorer/config.py, Russian here.
for _name, _preset in list(PRESETS.items()) + list(HARMONIC_PRESETS.items()):
    TEXT[f"preset_title_{_name}"] = {"en": _preset.title, "ru": _preset.title_ru}
    TEXT[f"preset_{_name}"] = {"en": _preset.source, "ru": _preset.source_ru}


def lang() -> str:
    return st.session_state.get("lang", "en")


def t(key: str, **values) -> str:
    text = TEXT[key][lang()]
    return text.format(**values) if values else text
