"""The Harmonic GAN page's words, English and Russian side by side."""

WORDS: dict[str, dict[str, str]] = {
    "harm_step10": {"en": "×10", "ru": "×10"},
    "harm_step10_help": {"en": "Ten steps, then pause.", "ru": "Десять шагов, затем пауза."},
    "harm_reset_d": {"en": "New D", "ru": "Новый D"},
    "harm_reset_d_help": {
        "en": "D starts again from random weights; G keeps what it learnt. Watch D's map go blank "
        "and G's points drift until D learns the curve again.",
        "ru": "D начинает заново со случайных весов, а G сохраняет выученное. Смотрите, как карта D "
        "пустеет, а точки G расползаются, пока D снова не выучит кривую.",
    },
    "harm_reset_g": {"en": "New G", "ru": "Новый G"},
    "harm_reset_g_help": {
        "en": "G starts again from random weights; D keeps what it learnt. Watch a trained D pull "
        "a new G onto the curve.",
        "ru": "G начинает заново со случайных весов, а D сохраняет выученное. Смотрите, как "
        "обученный D притягивает новый G к кривой.",
    },
    "harm_new_target": {"en": "Give this game the new curve", "ru": "Дать этой игре новую кривую"},
    "harm_new_target_help": {
        "en": "The real points move to the curve set above; G and D keep what they learnt. Watch G's points follow.",
        "ru": "Настоящие точки переходят на кривую, заданную выше; G и D сохраняют выученное. "
        "Смотрите, как точки G следуют за ними.",
    },
    "harm_title": {
        "en": "Harmonic GAN: a GAN learns a curve",
        "ru": "Гармонический GAN: генератор учится рисовать кривую",
    },
    "harm_intro": {
        "en": "The student slides' smallest GAN: the real data are 1,024 points on a curve (y = sin x to start with; "
        "the sidebar changes it), G turns 2 random numbers into a point (x, y), D tells real points from G's. "
        "Everything is in one plane, so you can watch the game.",
        "ru": "Самый маленький GAN со слайдов: настоящие данные — 1 024 точки на кривой (сначала y = sin x; на "
        "боковой панели её можно сменить), G превращает 2 случайных числа в точку (x, y), D отличает "
        "настоящие точки от точек G. Всё происходит на одной плоскости — игру видно.",
    },
    "harm_harmonics_none": {"en": "none (for example 0.5, 0.25)", "ru": "нет (например, 0.5, 0.25)"},
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
    "harm_harmonics_help": {
        "en": "Relative amplitudes of the higher harmonics, separated by commas: 0.5, 0.25 adds "
        "half a sin 2x and a quarter of a sin 3x.",
        "ru": "Относительные амплитуды высших гармоник через запятую: 0.5, 0.25 добавляет "
        "половину sin 2x и четверть sin 3x.",
    },
    "harm_harmonics_bad": {
        "en": "Harmonics are numbers separated by commas, for example 0.5, 0.25.",
        "ru": "Гармоники — это числа через запятую, например 0.5, 0.25.",
    },
    "harm_noise": {"en": "Noise on y", "ru": "Шум по y"},
    "harm_epochs": {"en": "Epochs", "ru": "Эпохи"},
    "harm_compare": {"en": "Beside it: the slides' recipe", "ru": "Рядом: рецепт со слайдов"},
    "harm_compare_help": {
        "en": "Trains the slides' recipe, as written, next to the chosen one on the same curve.",
        "ru": "Рядом на той же кривой учится рецепт со слайдов, как он записан.",
    },
    "harm_new_run": {"en": "New game with these settings", "ru": "Новая игра с этими настройками"},
    "harm_ask_body": {
        "en": "The game on the screen has trained: a new game starts again from untrained networks, and this one "
        "and everything recorded of it are thrown away.",
        "ru": "Игра на экране уже обучалась: новая игра начнётся с необученных сетей, а эта и всё, что о ней "
        "записано, будут выброшены.",
    },
    "harm_ask_new": {"en": "Start a new game", "ru": "Начать новую игру"},
    "harm_play": {"en": "Play", "ru": "Старт"},
    "harm_pause": {"en": "Pause", "ru": "Пауза"},
    "harm_step": {"en": "Step", "ru": "Шаг"},
    "harm_step_help": {
        "en": "One training step of the chosen net(s), then pause.",
        "ru": "Один шаг обучения выбранных сетей, затем пауза.",
    },
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
    "harm_d_steps_help": {
        "en": "Changes apply at once, without starting over.",
        "ru": "Изменения действуют сразу, без перезапуска.",
    },
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
    "harm_look_back_help": {
        "en": "Every moment the page drew is kept: move back to see the game then.",
        "ru": "Каждый нарисованный момент сохранён: вернитесь назад, чтобы увидеть игру тогда.",
    },
    "harm_status": {
        "en": "**{state}** · epoch {epoch} · step {step:,} · {seconds:.1f} s of training · "
        "D(x) {d_real:.2f} · D(G(z)) {d_fake:.2f}",
        "ru": "**{state}** · эпоха {epoch} · шаг {step:,} · {seconds:.1f} с обучения · "
        "D(x) {d_real:.2f} · D(G(z)) {d_fake:.2f}",
    },
    "harm_state_starting": {"en": "Starting", "ru": "Запуск"},
    "harm_state_running": {"en": "Training", "ru": "Обучается"},
    "harm_state_paused": {"en": "Paused", "ru": "Пауза"},
    "harm_state_finished": {"en": "Finished", "ru": "Готово"},
    "harm_state_stopped": {"en": "Stopped", "ru": "Остановлено"},
    "harm_state_failed": {"en": "Failed", "ru": "Ошибка"},
    "harm_distance": {"en": "Distance", "ru": "Расстояние"},
    "harm_distance_help": {
        "en": "Mean |y − sin x| of 2,000 generated points (for the circle and moons: the distance "
        "to the nearest point of the curve). Goal: 0.05 or less.",
        "ru": "Среднее |y − sin x| по 2 000 точкам G (для окружности и лун — расстояние до "
        "ближайшей точки кривой). Цель: не больше 0.05.",
    },
    "harm_within": {"en": "Within 0.1", "ru": "Ближе 0.1"},
    "harm_within_help": {
        "en": "Share of generated points closer than 0.1 to the curve. Goal: 90% or more.",
        "ru": "Доля точек G ближе 0.1 к кривой. Цель: не меньше 90%.",
    },
    "harm_coverage": {"en": "Coverage gap", "ru": "Неравномерность"},
    "harm_coverage_help": {
        "en": "How unevenly G's points cover the curve: the Wasserstein distance of their x (their "
        "place along the curve) to an even spread, in units of x. 0 is even; 1,000 truly "
        "even points score about 0.06. Goal: 0.1 or less.",
        "ru": "Насколько неравномерно точки G покрывают кривую: расстояние Вассерштейна их x "
        "(места вдоль кривой) до равномерного, в единицах x. 0 — равномерно; 1 000 "
        "настоящих точек дают около 0.06. Цель: не больше 0.1.",
    },
    "harm_js_help": {
        "en": "Jensen–Shannon divergence between real and generated points counted on a 48×48 grid "
        "(as GAN Lab charts it): 0 = the same, 1 = nothing in common.",
        "ru": "Дивергенция Йенсена–Шеннона между настоящими и сгенерированными точками, посчитанными "
        "по сетке 48×48 (как в GAN Lab): 0 — одинаково, 1 — ничего общего.",
    },
    "harm_losses": {"en": "Losses", "ru": "Потери"},
    "harm_fit": {
        "en": "Fit (log scale; dashed: goals 0.05 and 0.1)",
        "ru": "Точность (лог. шкала; пунктир: цели 0.05 и 0.1)",
    },
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
}
