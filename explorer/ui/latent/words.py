"""The Latent space page's words, English and Russian side by side."""

WORDS: dict[str, dict[str, str]] = {
    "latent_help": {
        "en": "How many random numbers G turns into a picture.",
        "ru": "Сколько случайных чисел G превращает в картинку.",
    },
    "latent_title": {"en": "Latent space", "ru": "Латентное пространство"},
    "latent_intro": {
        "en": "Every picture G draws comes from a point z of random numbers. Walk from one point to another and "
        "watch one digit turn into the next; move along the directions in which G's pictures change most.",
        "ru": "Каждая картинка G получается из точки z — набора случайных чисел. Пройдите от одной точки к другой "
        "и посмотрите, как одна цифра превращается в другую; двигайтесь вдоль направлений, в которых "
        "картинки G меняются сильнее всего.",
    },
    "latent_generator": {"en": "Generator", "ru": "Генератор"},
    "latent_live": {
        "en": "The Train page's run (epoch {epoch}, live)",
        "ru": "Запуск на странице обучения (эпоха {epoch}, вживую)",
    },
    "latent_none": {
        "en": "No generator yet: none is shipped in checkpoints/, and the Train page has not finished an "
        "epoch. Train for an epoch, then come back.",
        "ru": "Пока нет генератора: в checkpoints/ нет готовых, а на странице обучения не прошло ни одной "
        "эпохи. Обучите хотя бы эпоху и вернитесь.",
    },
    "latent_scores": {
        "en": "judge: score {score:.2f}, digits {low:.0%}–{high:.0%}",
        "ru": "судья: оценка {score:.2f}, цифры {low:.0%}–{high:.0%}",
    },
    "latent_how_made": {"en": "How it was made", "ru": "Как он получен"},
    "latent_trained": {
        "en": "epochs: {epochs}, {seconds} s on {device}",
        "ru": "эпох: {epochs}, {seconds} с на {device}",
    },
    "latent_walk": {"en": "From A to B", "ru": "От A к B"},
    "latent_seed_a": {"en": "Point A (seed)", "ru": "Точка A (seed)"},
    "latent_seed_b": {"en": "Point B (seed)", "ru": "Точка B (seed)"},
    "latent_reroll": {"en": "Another", "ru": "Другая"},
    "latent_mode": {"en": "Path", "ru": "Путь"},
    "latent_mode_help": {
        "en": "lerp: the straight line, which passes closer to the origin than any point G was trained on; "
        "slerp: along the sphere where random points live (usually sharper in the middle).",
        "ru": "По прямой (lerp) — линия, проходящая ближе к началу координат, чем любая точка, на которой учился G; "
        "по сфере (slerp) — там, где лежат случайные точки (обычно в середине чётче).",
    },
    "latent_frames": {"en": "Frames in the strip", "ru": "Кадров в ленте"},
    "latent_t_help": {"en": "0 = A, 1 = B", "ru": "0 — A, 1 — B"},
    "latent_directions": {"en": "Directions", "ru": "Направления"},
    "latent_directions_help": {
        "en": "The directions in which G's pictures change most. Each slider moves the same eight pictures along one "
        "direction.",
        "ru": "Направления, в которых картинки G меняются сильнее всего. Каждый ползунок сдвигает одни и те же "
        "восемь картинок вдоль одного направления.",
    },
    "latent_directions_how": {
        "en": "GANSpace (Härkönen et al. 2020): the principal components of G's first layer over many random points, "
        "carried back to z.",
        "ru": "GANSpace (Härkönen и др., 2020): главные компоненты первого слоя G на многих случайных точках, "
        "перенесённые обратно в z.",
    },
    "latent_mode_slerp": {"en": "slerp", "ru": "по сфере"},
    "latent_mode_lerp": {"en": "lerp", "ru": "по прямой"},
    "latent_direction": {
        "en": "Direction {i} ({share:.0%} of the variance)",
        "ru": "Направление {i} ({share:.0%} дисперсии)",
    },
    "latent_psi": {"en": "Truncation ψ", "ru": "Усечение ψ"},
    "latent_psi_help": {
        "en": "Below 1: points pulled toward the centre — more typical, less varied pictures.",
        "ru": "Меньше 1: точки стянуты к центру — картинки типичнее, но однообразнее.",
    },
    "latent_samples_seed": {"en": "Samples (seed)", "ru": "Картинки (seed)"},
    "latent_new_samples": {"en": "New samples", "ru": "Новые картинки"},
    "latent_centre": {"en": "Back to the centre", "ru": "Вернуть в центр"},
    "latent_path": {"en": "A path through several points", "ru": "Путь через несколько точек"},
    "latent_path_seeds": {"en": "Points along the way (seeds)", "ru": "Точки по пути (seed)"},
    "latent_path_help": {
        "en": "Seeds separated by commas; the walk goes through them in order and back to the first.",
        "ru": "Seed через запятую; путь проходит их по порядку и возвращается к первой.",
    },
    "latent_path_error": {
        "en": "Write at least two seeds (whole numbers) separated by commas, e.g. 1, 2, 3.",
        "ru": "Напишите хотя бы два seed (целые числа) через запятую, например 1, 2, 3.",
    },
    "latent_path_caption": {
        "en": "{points}, 12 frames between each two ({mode}), looping.",
        "ru": "{points}, по 12 кадров между соседними ({mode}), по кругу.",
    },
    "latent_path_download": {"en": "The walk as a GIF", "ru": "Путь в GIF"},
    "latent_arithmetic": {"en": "Latent arithmetic", "ru": "Арифметика в латентном пространстве"},
    "latent_arith_plus": {"en": "Add the average z of G's…", "ru": "Прибавить средний z всех…"},
    "latent_arith_minus": {"en": "…minus the average z of its…", "ru": "…минус средний z всех…"},
    "latent_arith_strength": {"en": "How much", "ru": "Насколько"},
    "latent_arith_caption": {
        "en": "Averages over the {n_a} samples the judge read as {a} and the {n_b} it read as {b}, out of 4,000.",
        "ru": "Средние по {n_a} картинкам, в которых судья увидел {a}, и {n_b}, где он увидел {b}, из 4 000.",
    },
    "latent_arith_rows": {
        "en": "Top: the samples (judged {top}). Bottom: the same plus the difference (judged {bottom}).",
        "ru": "Сверху: картинки (судья: {top}). Снизу: те же плюс разность (судья: {bottom}).",
    },
    "latent_from_own": {"en": "Start from your digit (instead of A)", "ru": "Начать с вашей цифры (вместо A)"},
    "latent_project": {"en": "Your own digit in the latent space", "ru": "Ваша цифра в латентном пространстве"},
    "latent_project_upload": {"en": "A photo or drawing of one digit", "ru": "Фото или рисунок одной цифры"},
    "latent_project_draw_tab": {"en": "Draw it", "ru": "Нарисовать"},
    "latent_project_upload_tab": {"en": "Upload a photo", "ru": "Загрузить фото"},
    "latent_project_draw": {
        "en": "Draw one digit, big, in the middle of the pad.",
        "ru": "Нарисуйте одну цифру, крупно, посередине.",
    },
    "latent_project_clear": {"en": "Clear", "ru": "Стереть"},
    "latent_project_help": {
        "en": "Dark on light paper or light on dark, any size: it is cropped, centred and "
        "shrunk to 28×28 the way MNIST was.",
        "ru": "Тёмная на светлом или светлая на тёмном, любого размера: картинка обрезается, "
        "центрируется и уменьшается до 28×28, как в MNIST.",
    },
    "latent_project_go": {"en": "Find it in the latent space", "ru": "Найти её в латентном пространстве"},
    "latent_projecting": {
        "en": "Searching for the z whose picture looks most like yours, to the eye and to the judge…",
        "ru": "Ищем z, чья картинка больше всего похожа на вашу — на глаз и для судьи…",
    },
    "latent_project_ready": {"en": "Your digit, as G will see it", "ru": "Ваша цифра, как её увидит G"},
    "latent_project_caption": {
        "en": "Left: your digit. Right: the closest picture G can draw (pixel "
        "error {first:.3f} → {last:.3f}; the judge "
        "reads a {digit}). The walk above now starts from it.",
        "ru": "Слева — ваша цифра, справа — самая похожая картинка, которую может нарисовать G (ошибка {first:.3f} → "
        "{last:.3f}; судья видит {digit}). Путь выше теперь начинается с неё.",
    },
    "latent_judged": {"en": "The judge reads: {digits}", "ru": "Судья видит: {digits}"},
    "latent_point": {"en": "Point {which}", "ru": "Точка {which}"},
    "latent_by_seed": {"en": "by seed", "ru": "по номеру (seed)"},
    "latent_a_digit": {"en": "a {digit}", "ru": "цифра {digit}"},
    "latent_seed": {"en": "Seed", "ru": "Seed"},
    "latent_which_one": {"en": "Which one (1–{n})", "ru": "Которая (1–{n})"},
    "latent_no_digit": {
        "en": "G drew no {digit} among {n} samples: pick another digit or a seed.",
        "ru": "Среди {n} картинок G нет ни одной {digit}: выберите другую цифру или seed.",
    },
    "latent_web_loading": {
        "en": "Loading the generator into your browser…",
        "ru": "Загружаем генератор в ваш браузер…",
    },
    "latent_web_failed": {
        "en": "Your browser could not run the generator; the server will draw the pictures.",
        "ru": "Браузер не смог запустить генератор — картинки будет рисовать сервер.",
    },
    "latent_on_server": {
        "en": "The server draws every picture here ({why}): a slider answers more slowly than when "
        "your browser draws them.",
        "ru": "Здесь каждую картинку рисует сервер ({why}): ползунки отвечают медленнее, чем когда "
        "их рисует ваш браузер.",
    },
    "latent_no_wasm": {"en": "this browser has no WebAssembly", "ru": "в этом браузере нет WebAssembly"},
}
